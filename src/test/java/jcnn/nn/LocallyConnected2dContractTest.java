package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link LocallyConnected2d} runs the layer contract (see {@link LayerContract}). */
class LocallyConnected2dContractTest implements LayerContract<LocallyConnected2d> {
    @Override
    public LocallyConnected2d layer() {
        return new LocallyConnected2d(2, 4, 4, 3, 2).stride(2);
    }

    @Override
    public Shape input() {
        return Shape.of(2, 2, 4, 4);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(1, 8, 8).locallyConnected(2, 3, padding(-1));
    }

    @Override
    public String badArgumentMessage() {
        return "local1 (LocallyConnected2d): padding must be >= 0 but got -1";
    }
}
