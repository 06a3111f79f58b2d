package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link AvgPool2d} runs the layer contract (see {@link LayerContract}). */
class AvgPool2dContractTest implements LayerContract<AvgPool2d> {
    @Override
    public AvgPool2d layer() {
        return new AvgPool2d(3).stride(2);
    }

    @Override
    public Shape input() {
        return Shape.of(2, 2, 5, 5);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(1, 8, 8).avgPool(0);
    }

    @Override
    public String badArgumentMessage() {
        return "pool1 (AvgPool2d): kernelSize must be >= 1 but got 0";
    }
}
