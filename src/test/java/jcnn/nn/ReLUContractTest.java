package jcnn.nn;

import static jcnn.nn.Cnn.padding;
import static jcnn.nn.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;

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
