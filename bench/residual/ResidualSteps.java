import static jcnn.model.Cnn.*;
import static jcnn.optim.Optimizers.*;

import java.util.Locale;
import jcnn.data.Dataset;
import jcnn.data.FashionMnist;
import jcnn.model.Cnn;
import jcnn.model.Net;
import jcnn.tensor.backend.Parallel;
import jcnn.model.History;

/**
 * jcnn side of bench/residual/bench.sh: notebook 09's residual network through the public API
 * ({@code Cnn} builder, {@code net.train(..)...run()}, AdamW 4e-3, label smoothing 0.1, batches of
 * {@code N}, default 32 as the notebook; seed 42; the notebook's per-batch schedule is left out, it
 * costs nothing), timed over training batches: {@code W} untimed warm-up batches, then {@code B}
 * timed batches (0: the whole training set, one epoch), both as one-epoch runs of the Trainer on the
 * first {@code W·N} and {@code B·N} training images; repeated {@code R} times in this process. Prints one
 * {@code RESULT {json}} line per repeat (wall seconds, seconds per 100 batches, and the process's
 * CPU seconds, all threads, which another process's load changes less than the wall time).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp target/jcnn.jar bench/residual/ResidualSteps.java [W] [B] [R] [N]</pre>
 */
public class ResidualSteps {
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        Dataset all = FashionMnist.train();
        Dataset timed = batches == 0 ? all : all.take(batches * batch);
        int timedBatches = (timed.size() + batch - 1) / batch;
        Net net = Cnn.input(1, 28, 28)
            .conv(32, 3, padding(1)).batchNorm().relu().maxPool(2)
            .residual(b -> b.conv(32, 3, padding(1)).batchNorm().relu().conv(32, 3, padding(1)).batchNorm()).relu()
            .maxPool(2)
            .residual(b -> b.conv(64, 3, padding(1)).batchNorm().relu().conv(64, 3, padding(1)).batchNorm()).relu()
            .globalAvgPool().dense(10).softmax()
            .seed(42)
            .build();
        if (warmup > 0) {
            net.train(all.take(warmup * batch)).epochs(1).batch(batch).optimizer(adamW(4e-3)).labelSmoothing(0.1).seed(41)
                .quiet().run();
        }
        for (int r = 0; r < repeats; r++) {
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            History h = net.train(timed).epochs(1).batch(batch).optimizer(adamW(4e-3)).labelSmoothing(0.1).seed(42 + r)
                .quiet().run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            System.out.println(String.format(Locale.ROOT,
                "RESULT {\"side\": \"jcnn\", \"threads\": %d, \"params\": %d, \"batch\": %d, \"warmup_batches\": %d, \"batches\": %d, "
                    + "\"seconds\": %.3f, \"s_per_100_batches\": %.3f, \"cpu_s_per_100_batches\": %.3f, \"train_loss\": %.4f}",
                Parallel.threads(), net.parameterCount(), batch, warmup, timedBatches, seconds, seconds * 100 / timedBatches,
                cpu * 100 / timedBatches, h.trainLoss().get(0)));
        }
    }
}
