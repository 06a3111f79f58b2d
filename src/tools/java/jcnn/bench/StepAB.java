package jcnn.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

import jcnn.nn.F;
import jcnn.tensor.Tensor;
import jcnn.tensor.backend.Convolution;
import jcnn.tensor.backend.Parallel;
import jcnn.tensor.backend.StepArena;

/**
 * An A-B comparison of two engine settings on whole training steps (forward, backward, Adam) of
 * the lecture network or LeNet-5, batch 64, random data, in one JVM: blocks of steps alternate
 * A B B A A B B A ..., so a change in machine load hits both sides alike. With one thread the
 * clock is the calling thread's CPU time (every chunk runs on it), which another process on the
 * machine disturbs far less than wall time; with more threads, wall time.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Djcnn.threads=1 -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.bench.StepAB conv lecture [blocks] [steps]
 * </pre>
 * Comparisons: {@code conv} (A: im2col + SGEMM for every convolution, B: the automatic rule, i.e.
 * Winograd where it pays).
 */
public final class StepAB {
    private static final int BATCH = 64;
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private StepAB() {
    }

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "conv";
        String name = args.length > 1 ? args[1] : "lecture";
        int blocks = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Runnable a;
        Runnable b;
        String labelA;
        String labelB;
        switch (what) {
            case "conv":
                a = () -> Convolution.setAlgorithm(Convolution.Algorithm.IM2COL);
                b = () -> Convolution.setAlgorithm(Convolution.Algorithm.AUTO);
                labelA = "im2col";
                labelB = "auto (Winograd where it pays)";
                break;
            default:
                throw new IllegalArgumentException("StepAB: unknown comparison '" + what + "'; expected conv");
        }
        BenchNets.Net net = BenchNets.create(name, 42);
        BenchNets.Adam adam = new BenchNets.Adam(net.params, 1e-3f);
        int batches = 8;
        BenchNets.RandomBatches data = BenchNets.RandomBatches.of(batches, BATCH);
        Tensor[] xs = data.images();
        int[][] ys = data.labels();
        StepArena arena = new StepArena();
        long[] step = {0};
        Runnable oneStep = () -> {
            try (var scope = arena.open()) {
                int i = (int) (step[0] % batches);
                Tensor loss = F.crossEntropy(net.forward(xs[i], true, step[0]), ys[i]);
                loss.backward();
                adam.step();
                step[0]++;
            }
        };
        // warm-up: both sides, so both are compiled
        for (int w = 0; w < 2; w++) {
            a.run();
            for (int s = 0; s < steps; s++) {
                oneStep.run();
            }
            b.run();
            for (int s = 0; s < steps; s++) {
                oneStep.run();
            }
        }
        double[] ta = new double[blocks];
        double[] tb = new double[blocks];
        int na = 0;
        int nb = 0;
        for (int blk = 0; blk < 2 * blocks; blk++) {
            boolean isA = (blk % 4 == 0) || (blk % 4 == 3);
            (isA ? a : b).run();
            long t0 = clock();
            for (int s = 0; s < steps; s++) {
                oneStep.run();
            }
            double ms = (clock() - t0) / 1e6 / steps;
            if (isA) {
                ta[na++] = ms;
            } else {
                tb[nb++] = ms;
            }
        }
        Convolution.setAlgorithm(Convolution.Algorithm.AUTO);
        double ma = Stats.median(ta);
        double mb = Stats.median(tb);
        System.out.printf(Locale.ROOT, "%s, batch %d, %d threads (%s), %d blocks of %d steps each side, ABBA order%n",
                name, BATCH, Parallel.threads(), Parallel.threads() == 1 ? "CPU time" : "wall time", blocks, steps);
        System.out.printf(Locale.ROOT, "A %-32s ms/step median %.2f [%.2f-%.2f]  images/s %.0f%n", labelA, ma, min(ta), max(ta), BATCH * 1000 / ma);
        System.out.printf(Locale.ROOT, "B %-32s ms/step median %.2f [%.2f-%.2f]  images/s %.0f%n", labelB, mb, min(tb), max(tb), BATCH * 1000 / mb);
        System.out.printf(Locale.ROOT, "B / A speed: %.3f%n", ma / mb);
    }

    private static long clock() {
        return Parallel.threads() == 1 ? MX.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }
}
