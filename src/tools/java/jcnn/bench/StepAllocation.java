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
 * {@code net.train(FashionMnist.train())...run()}). Counts the bytes the JVM says the calling thread
 * allocated ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}) and, summed, all
 * live threads (the pool's workers included, {@code getThreadAllocatedBytes(long[])}); with
 * {@code -Djcnn.threads=1} every chunk runs on the calling thread, so the two agree.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Djcnn.threads=1 -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.bench.StepAllocation [engine|trainer] [steps] [warm-up steps, 50]
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
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        double[] perStep = mode.equals("trainer") ? trainer(warmup, steps) : engine(warmup, steps);
        System.out.printf(Locale.ROOT, "%s: %.0f bytes allocated per step by the calling thread, %.0f by all threads "
                + "(mean of %d steps after %d warm-up), batch 64, %d thread(s)%n",
                mode, perStep[0], perStep[1], steps, warmup, Parallel.threads());
    }

    /** Bytes allocated so far by every live thread, summed. */
    private static long allThreads() {
        long sum = 0;
        for (long b : MX.getThreadAllocatedBytes(MX.getAllThreadIds())) {
            if (b > 0) {
                sum += b;
            }
        }
        return sum;
    }

    private static double[] engine(int warmup, int steps) {
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
        long startAll = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) {
                start = MX.getCurrentThreadAllocatedBytes();
                startAll = allThreads();
            }
            try (var scope = arena.open()) {
                F.crossEntropy(net.forward(TensorInternals.wrap(xb, 64, 1, 28, 28), true, s), yb).backward();
                adam.step();
            }
        }
        return new double[] {(MX.getCurrentThreadAllocatedBytes() - start) / (double) steps,
            (allThreads() - startAll) / (double) steps};
    }

    private static double[] trainer(int warmup, int steps) {
        Net net = LectureNets.lecture().seed(42).build();
        long[] marks = new long[4];
        int[] seen = {0};
        RuntimeException stop = new RuntimeException("enough");
        TrainingListener probe = new TrainingListener() {
            @Override
            public void onBatch(Progress p) {
                seen[0]++;
                if (seen[0] == warmup) {
                    marks[0] = MX.getCurrentThreadAllocatedBytes();
                    marks[2] = allThreads();
                    // to line up with a GC log (-Xlog:gc): collections after this are the steady state's
                    System.out.printf(Locale.ROOT, "steady state from JVM uptime %.3f s%n",
                            java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
                } else if (seen[0] == warmup + steps) {
                    marks[1] = MX.getCurrentThreadAllocatedBytes();
                    marks[3] = allThreads();
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
        if (marks[1] == 0) {
            throw new IllegalArgumentException("an epoch has 938 batches: ask for at most " + (938 - warmup) + " steps");
        }
        return new double[] {(marks[1] - marks[0]) / (double) steps, (marks[3] - marks[2]) / (double) steps};
    }
}
