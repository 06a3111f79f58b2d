package jcnn.nn;

import jcnn.tensor.Shape;

/** An element-wise layer: output shape = input shape, no parameters. */
abstract class Activation extends AbstractLayer {
    Activation(String defaultName) {
        super(defaultName);
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 2) {
            throw mismatch("(N, ...)", input, "layers work on batches; reshape a single example to (1, ...)");
        }
        return input;
    }

    @Override
    public String toString() {
        return type() + "()";
    }
}
