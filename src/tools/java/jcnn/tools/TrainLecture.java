package jcnn.tools;


import java.util.Locale;
import jcnn.data.Dataset;
import jcnn.data.FashionMnist;
import jcnn.model.Cnn;
import jcnn.model.Net;
import jcnn.model.Evaluation;
import jcnn.model.History;
import jcnn.optim.Optimizers;

/**
 * Trains the lecture's INPUT-CONV-RELU-POOL-FC network on Fashion-MNIST from a plain main, for a
 * quick check outside notebooks (benchmarks with a PyTorch peer live elsewhere):
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.tools.TrainLecture [train-examples] [epochs] [batch]
 * </pre>
 * Defaults: all 60,000 examples, 5 epochs, batch 64, Adam 1e-3, seed 42; prints progress, then the
 * test accuracy and the mean milliseconds per batch.
 */
public final class TrainLecture {
    private TrainLecture() {
    }

    /** conv 32 3×3 pad 1, relu, max-pool 2, conv 64 3×3 pad 1, relu, max-pool 2, flatten, dropout 0.5, dense 128, relu, dense 10, softmax. */
    public static Cnn network() {
        return jcnn.bench.LectureNets.lecture();
    }

    public static void main(String[] args) {
        int examples = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        Dataset train = FashionMnist.train().take(examples);
        Dataset test = FashionMnist.test();
        Net net = network().seed(42).build();
        System.out.println(net.summary());
        History h = net.train(train).epochs(epochs).batch(batch).optimizer(Optimizers.adam(1e-3)).seed(42).run();
        Evaluation ev = net.evaluate(test);
        double seconds = h.epochSeconds().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf(Locale.ROOT, "test loss %.4f, test accuracy %.4f; %.1f ms per batch of %d (%d threads)%n", ev.loss(),
                ev.accuracy(), 1000 * seconds / h.batchLoss().size(), batch, jcnn.tensor.backend.Parallel.threads());
    }
}
