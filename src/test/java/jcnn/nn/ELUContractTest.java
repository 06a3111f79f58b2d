package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link ELU} runs the layer contract (see {@link LayerContract}). */
class ELUContractTest implements LayerContract<ELU> {
    @Override
    public ELU layer() {
        return new ELU(0.7);
    }

    @Override
    public Shape input() {
        return Shape.of(3, 8);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(4).elu(-1);
    }

    @Override
    public String badArgumentMessage() {
        return "elu1 (ELU): alpha must be > 0 but got -1.0";
    }
}
