package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link ReLU} runs the layer contract (see {@link LayerContract}). */
class ReLUContractTest implements LayerContract<ReLU> {
    @Override
    public ReLU layer() {
        return new ReLU();
    }

    @Override
    public Shape input() {
        return Shape.of(3, 2, 3, 3);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(4).relu().add(new ReLU()).add(new Dense(5, 2));
    }

    @Override
    public String badArgumentMessage() {
        return "dense1 (Dense): expected input (N, 5) but got (N, 4)";
    }
}
