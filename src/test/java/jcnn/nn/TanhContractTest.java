package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link Tanh} runs the layer contract (see {@link LayerContract}). */
class TanhContractTest implements LayerContract<Tanh> {
    @Override
    public Tanh layer() {
        return new Tanh();
    }

    @Override
    public Shape input() {
        return Shape.of(2, 2, 3, 3);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(1, 4, 4).tanh().maxout(1);
    }

    @Override
    public String badArgumentMessage() {
        return "maxout1 (Maxout): pieces must be >= 2 but got 1";
    }
}
