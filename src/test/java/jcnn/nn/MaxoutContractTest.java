package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link Maxout} runs the layer contract (see {@link LayerContract}). */
class MaxoutContractTest implements LayerContract<Maxout> {
    @Override
    public Maxout layer() {
        return new Maxout(2);
    }

    @Override
    public Shape input() {
        return Shape.of(2, 4, 3, 3);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(3, 4, 4).maxout(2);
    }

    @Override
    public String badArgumentMessage() {
        return "maxout1 (Maxout): expected input (N, C·2, ...) but got (N, 3, 4, 4)";
    }
}
