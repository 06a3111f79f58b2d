package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;

import jcnn.tensor.Shape;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;

/** {@link Flatten} runs the layer contract (see {@link LayerContract}). */
class FlattenContractTest implements LayerContract<Flatten> {
    @Override
    public Flatten layer() {
        return new Flatten();
    }

    @Override
    public Shape input() {
        return Shape.of(2, 2, 3, 3);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(1, 4, 4).flatten().conv(2, 3);
    }

    @Override
    public String badArgumentMessage() {
        return "conv1 (Conv2d): expected images (N, C, H, W) but got (N, 16)";
    }
}
