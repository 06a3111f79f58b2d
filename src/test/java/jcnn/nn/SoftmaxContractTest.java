package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link Softmax} runs the layer contract (see {@link LayerContract}). */
class SoftmaxContractTest implements LayerContract<Softmax> {
    @Override
    public Softmax layer() {
        return new Softmax();
    }

    @Override
    public Shape input() {
        return Shape.of(3, 5);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(4).dense(3).softmax().add(new Dense(4, 2));
    }

    @Override
    public String badArgumentMessage() {
        return "dense2 (Dense): expected input (N, 4) but got (N, 3)";
    }
}
