package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link LeakyReLU} runs the layer contract (see {@link LayerContract}). */
class LeakyReLUContractTest implements LayerContract<LeakyReLU> {
    @Override
    public LeakyReLU layer() {
        return new LeakyReLU(0.2);
    }

    @Override
    public Shape input() {
        return Shape.of(3, 2, 3, 3);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(4).leakyRelu(0.2).leakyRelu(1.5);
    }

    @Override
    public String badArgumentMessage() {
        return "leakyrelu2 (LeakyReLU): slope must be in [0, 1) but got 1.5";
    }
}
