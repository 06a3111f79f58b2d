package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link Dropout} runs the layer contract (see {@link LayerContract}). */
class DropoutContractTest implements LayerContract<Dropout> {
    @Override
    public Dropout layer() {
        return new Dropout(0.5);
    }

    @Override
    public Shape input() {
        return Shape.of(4, 10);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(4).dropout(1.0);
    }

    @Override
    public String badArgumentMessage() {
        return "dropout1 (Dropout): p (the probability to drop) must be in [0, 1) but got 1.0";
    }

    @Override
    public boolean trainingDiffers() {
        return true;
    }
}
