import static jcnn.nn.Cnn.*;
import static jcnn.train.Optimizers.*;

import jcnn.data.Dataset;
import jcnn.data.FashionMnist;
import jcnn.nn.Cnn;
import jcnn.nn.Net;
import jcnn.train.History;

/**
 * Times notebook 09's residual network through the public API: {@code steps} training batches of 64
 * (AdamW 2e-3, seed 42) on the first {@code steps·64} Fashion-MNIST training images, repeated
 * {@code repeats} times on a fresh network; prints seconds per 100 steps for each repeat.
 * Usage: {@code java --add-modules jdk.incubator.vector -cp target/jcnn.jar bench/residual/ResidualSteps.java [steps] [repeats]}
 */
public class ResidualSteps {
    /** CPU time of the whole process (all threads): less sensitive than wall time to other processes on a shared machine. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Dataset train = FashionMnist.train().take(steps * 64);
        for (int r = 0; r < repeats; r++) {
            Net net = Cnn.input(1, 28, 28)
                .conv(32, 3, padding(1)).batchNorm().relu().maxPool(2)
                .residual(b -> b.conv(32, 3, padding(1)).batchNorm().relu().conv(32, 3, padding(1)).batchNorm()).relu()
                .maxPool(2)
                .residual(b -> b.conv(64, 3, padding(1)).batchNorm().relu().conv(64, 3, padding(1)).batchNorm()).relu()
                .globalAvgPool().dense(10).softmax()
                .seed(42)
                .build();
            long cpu0 = cpuNanos();
            History h = net.train(train).epochs(1).batch(64).optimizer(adamW(2e-3)).seed(42).quiet().run();
            double cpu = (cpuNanos() - cpu0) / 1e9;
            double s = h.epochSeconds().get(0);
            System.out.printf("repeat %d: %d steps in %.2f s = %.2f s per 100 steps (process CPU %.2f s per 100 steps), train loss %.4f%n",
                r + 1, steps, s, s * 100 / steps, cpu * 100 / steps, h.trainLoss().get(0));
        }
    }
}
