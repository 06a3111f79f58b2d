package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link BatchNorm2d} runs the layer contract (see {@link LayerContract}). */
class BatchNorm2dContractTest implements LayerContract<BatchNorm2d> {
    @Override
    public BatchNorm2d layer() {
        return new BatchNorm2d(3);
    }

    @Override
    public Shape input() {
        return Shape.of(4, 3, 3, 3);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(2, 4, 4).conv(3, 3).add(new BatchNorm2d(2));
    }

    @Override
    public String badArgumentMessage() {
        return "bn1 (BatchNorm2d): expected input (N, 2, H, W) but got (N, 3, 2, 2)";
    }

    @Override
    public boolean trainingDiffers() {
        return true;
    }
}
