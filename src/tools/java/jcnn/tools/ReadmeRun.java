package jcnn.tools;

import static jcnn.model.Cnn.padding;
import static jcnn.optim.Optimizers.adam;

import jcnn.data.Dataset;
import jcnn.data.FashionMnist;
import jcnn.model.Cnn;
import jcnn.model.History;
import jcnn.model.Net;
import jcnn.model.Trainer;

/**
 * The one training run behind the README's pictures ({@link Readme} and {@link ReadmeInterpretation}):
 * a small CNN (conv 8, conv 16, dense 64, seed 42) trained with Adam 1e-3, batch 64, for 5 epochs
 * on the first 6000 Fashion-MNIST training images, validated on the first 1000 test images.
 * It prints the history and the seconds it took.
 */
record ReadmeRun(Dataset train, Dataset test, Net net, History history) {
    /** Trains; {@code verbose} prints the summary first and the trainer's progress line while it runs. */
    static ReadmeRun train(boolean verbose) {
        long start = System.nanoTime();
        Dataset train = FashionMnist.train().take(6000);
        Dataset test = FashionMnist.test().take(1000);
        Net net = Cnn.input(1, 28, 28).seed(42)
                .conv(8, 3, padding(1)).relu().maxPool(2)
                .conv(16, 3, padding(1)).relu().maxPool(2)
                .flatten().dense(64).relu().dense(10).softmax()
                .build();
        if (verbose) {
            System.out.println(net.summary());
        }
        Trainer trainer = net.train(train).validate(test).epochs(5).batch(64).optimizer(adam(1e-3)).seed(42);
        History history = (verbose ? trainer : trainer.quiet()).run();
        System.out.println(history);
        System.out.printf("trained in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return new ReadmeRun(train, test, net, history);
    }
}
