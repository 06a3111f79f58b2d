package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link GlobalAvgPool2d} runs the layer contract (see {@link LayerContract}). */
class GlobalAvgPool2dContractTest implements LayerContract<GlobalAvgPool2d> {
    @Override
    public GlobalAvgPool2d layer() {
        return new GlobalAvgPool2d();
    }

    @Override
    public Shape input() {
        return Shape.of(2, 3, 4, 5);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(8).globalAvgPool();
    }

    @Override
    public String badArgumentMessage() {
        return "gap1 (GlobalAvgPool2d): expected input (N, C, H, W) but got (N, 8)";
    }
}
