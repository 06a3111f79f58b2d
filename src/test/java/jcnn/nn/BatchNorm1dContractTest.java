package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link BatchNorm1d} runs the layer contract (see {@link LayerContract}). */
class BatchNorm1dContractTest implements LayerContract<BatchNorm1d> {
    @Override
    public BatchNorm1d layer() {
        return new BatchNorm1d(5);
    }

    @Override
    public Shape input() {
        return Shape.of(6, 5);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(4).dense(5).add(in -> new BatchNorm1d(5).momentum(1.5));
    }

    @Override
    public String badArgumentMessage() {
        return "bn1 (BatchNorm1d): momentum must be in [0, 1] but got 1.5";
    }

    @Override
    public boolean trainingDiffers() {
        return true;
    }
}
