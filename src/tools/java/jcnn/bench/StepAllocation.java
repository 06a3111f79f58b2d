package jcnn.bench;

import java.util.Locale;
import java.util.SplittableRandom;

import jcnn.nn.F;
import jcnn.model.Net;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import jcnn.tensor.backend.Parallel;
import jcnn.tensor.backend.StepArena;
import jcnn.optim.Optimizers;
import jcnn.model.TrainingListener;

/**
 * Bytes allocated per training step of the lecture network, batch 64, in steady state: the
 * engine loop of the bench worker ({@code engine}) and the public API ({@code trainer}:
 * {@code net.train(FashionMnist.train())...run()}). Run with {@code -Djcnn.threads=1}, so every
 * allocation happens on the calling thread, which the JVM counts
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}).
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Djcnn.threads=1 -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.bench.StepAllocation [engine|trainer] [steps]
 * </pre>
 */
public final class StepAllocation {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    private StepAllocation() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "engine";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int warmup = 50;
        if (Parallel.threads() != 1) {
            System.err.println("StepAllocation: run with -Djcnn.threads=1 (worker threads' allocations are not counted)");
        }
        double perStep = mode.equals("trainer") ? trainer(warmup, steps) : engine(warmup, steps);
        System.out.printf(Locale.ROOT, "%s: %.0f bytes allocated per step (mean of %d steps after %d warm-up), batch 64%n",
                mode, perStep, steps, warmup);
    }

    private static double engine(int warmup, int steps) {
        BenchNets.Net net = BenchNets.create("lecture", 42);
        BenchNets.Adam adam = new BenchNets.Adam(net.params, 1e-3f);
        SplittableRandom random = new SplittableRandom(7);
        float[] xb = Tensor.rand(100, 64, 1, 28, 28).toArray();
        int[] yb = new int[64];
        for (int j = 0; j < 64; j++) {
            yb[j] = random.nextInt(10);
        }
        StepArena arena = new StepArena();
        long start = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) {
                start = MX.getCurrentThreadAllocatedBytes();
            }
            try (var scope = arena.open()) {
                F.crossEntropy(net.forward(TensorInternals.wrap(xb, 64, 1, 28, 28), true, s), yb).backward();
                adam.step();
            }
        }
        return (MX.getCurrentThreadAllocatedBytes() - start) / (double) steps;
    }

    private static double trainer(int warmup, int steps) {
        Net net = LectureNets.lecture().seed(42).build();
        long[] marks = new long[2];
        int[] seen = {0};
        RuntimeException stop = new RuntimeException("enough");
        TrainingListener probe = new TrainingListener() {
            @Override
            public void onBatch(Progress p) {
                seen[0]++;
                if (seen[0] == warmup) {
                    marks[0] = MX.getCurrentThreadAllocatedBytes();
                    // to line up with a GC log (-Xlog:gc): collections after this are the steady state's
                    System.out.printf(Locale.ROOT, "steady state from JVM uptime %.3f s%n",
                            java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
                } else if (seen[0] == warmup + steps) {
                    marks[1] = MX.getCurrentThreadAllocatedBytes();
                    System.out.printf(Locale.ROOT, "steady state until JVM uptime %.3f s%n",
                            java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
                    throw stop;
                }
            }
        };
        try {
            net.train(jcnn.data.FashionMnist.train()).epochs(1).batch(64).optimizer(Optimizers.adam(1e-3))
                    .seed(42).quiet().callbacks(probe).run();
        } catch (RuntimeException e) {
            if (e != stop) {
                throw e;
            }
        }
        return (marks[1] - marks[0]) / (double) steps;
    }
}
