package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link Dense} runs the layer contract (see {@link LayerContract}). */
class DenseContractTest implements LayerContract<Dense> {
    @Override
    public Dense layer() {
        return new Dense(6, 4);
    }

    @Override
    public Shape input() {
        return Shape.of(3, 6);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(1, 4, 4).conv(2, 3).dense(0);
    }

    @Override
    public String badArgumentMessage() {
        return "dense1 (Dense): expected a flat input (N, features) but got (N, 2, 2, 2); add .flatten()";
    }
}
