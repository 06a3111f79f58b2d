package jcnn.optim;

import java.util.List;
import jcnn.nn.Parameter;

/**
 * Updates parameters in place from their gradients. Made with {@link Optimizers#sgd} or
 * {@link Optimizers#adam}; the trainer calls {@link #reset()} at the start of each run.
 */
public interface Optimizer {
    /** The base learning rate (a schedule scales it per epoch). */
    double learningRate();

    /** One update of every parameter with a gradient, at learning rate {@code rate}. */
    void step(List<Parameter> parameters, double rate);

    /** Forgets the state (momentum, moment estimates). */
    void reset();
}
