package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link Conv2d} runs the layer contract (see {@link LayerContract}). */
class Conv2dContractTest implements LayerContract<Conv2d> {
    @Override
    public Conv2d layer() {
        return new Conv2d(2, 3, 3).stride(2).padding(1);
    }

    @Override
    public Shape input() {
        return Shape.of(2, 2, 5, 5);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(1, 8, 8).conv(4, 3).conv(4, 3, stride(0));
    }

    @Override
    public String badArgumentMessage() {
        return "conv2 (Conv2d): stride must be >= 1 but got 0";
    }
}
