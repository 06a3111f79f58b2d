package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link MaxPool2d} runs the layer contract (see {@link LayerContract}). */
class MaxPool2dContractTest implements LayerContract<MaxPool2d> {
    @Override
    public MaxPool2d layer() {
        return new MaxPool2d(2);
    }

    @Override
    public Shape input() {
        return Shape.of(2, 2, 5, 5);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(1, 8, 8).maxPool(2).maxPool(2, stride(0));
    }

    @Override
    public String badArgumentMessage() {
        return "pool2 (MaxPool2d): stride must be >= 1 but got 0";
    }
}
