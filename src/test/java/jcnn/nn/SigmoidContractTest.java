package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link Sigmoid} runs the layer contract (see {@link LayerContract}). */
class SigmoidContractTest implements LayerContract<Sigmoid> {
    @Override
    public Sigmoid layer() {
        return new Sigmoid();
    }

    @Override
    public Shape input() {
        return Shape.of(3, 7);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(4).sigmoid().dense(2).dropout(1.5);
    }

    @Override
    public String badArgumentMessage() {
        return "dropout1 (Dropout): p (the probability to drop) must be in [0, 1) but got 1.5";
    }
}
