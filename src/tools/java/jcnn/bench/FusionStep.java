package jcnn.bench;

import java.util.Arrays;
import java.util.Locale;

import jcnn.model.Net;
import jcnn.model.TrainingListener;
import jcnn.nn.Fusion;
import jcnn.optim.Optimizers;
import jcnn.tensor.backend.Parallel;

/**
 * Training-step time of the lecture network through the public API
 * ({@code net.train(FashionMnist.train()).batch(64).optimizer(adam(1e-3))}), fused or not as the
 * JVM was started ({@code -Djcnn.fuse=true|false}): the median over {@code steps} batches after
 * {@code warmup} batches, in wall time and, with {@code -Djcnn.threads=1} (every chunk on the
 * training thread), in that thread's CPU time, which other processes on a loaded machine disturb
 * less. One JVM measures one side; {@code scripts/fusion-ab.sh} alternates them A-B-B-A.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Djcnn.fuse=false -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.bench.FusionStep [warmup] [steps]
 * </pre>
 */
public final class FusionStep {
    private FusionStep() {
    }

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        // "alternate": one JVM, one training run, fusion switched on and off in blocks of 10 steps
        // (A B B A ...; the results are the same bits either way), so both sides share the load
        boolean alternate = args.length > 2 && args[2].equals("alternate");
        boolean[] fusedStep = new boolean[steps];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Net net = LectureNets.lecture().seed(42).build();
        long[] wall = new long[steps];
        long[] cpu = new long[steps];
        long[] last = new long[2];
        int[] seen = {0};
        RuntimeException stop = new RuntimeException("enough");
        TrainingListener probe = new TrainingListener() {
            @Override
            public void onBatch(Progress p) {
                long now = System.nanoTime();
                long cpuNow = mx.getCurrentThreadCpuTime();
                int k = seen[0]++ - warmup;
                if (k == -1) {
                    jcnn.tensor.backend.ParallelProfile.reset();   // from the first timed step on
                }
                if (k >= 0) {
                    wall[k] = now - last[0];
                    cpu[k] = cpuNow - last[1];
                    fusedStep[k] = Fusion.isEnabled();
                    if (k == steps - 1) {
                        throw stop;
                    }
                }
                if (alternate) {
                    int block = (k + 1) / 10;   // the block of the next step: A B B A A B B A ...
                    Fusion.setEnabled(k + 1 < 0 || block % 4 == 0 || block % 4 == 3);
                }
                last[0] = System.nanoTime();
                last[1] = mx.getCurrentThreadCpuTime();
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
        if (alternate) {
            for (boolean side : new boolean[] {true, false}) {
                long[] w = new long[steps];
                long[] c = new long[steps];
                int m = 0;
                for (int k = 0; k < steps; k++) {
                    if (fusedStep[k] == side) {
                        w[m] = wall[k];
                        c[m++] = cpu[k];
                    }
                }
                w = Arrays.copyOf(w, m);
                c = Arrays.copyOf(c, m);
                Arrays.sort(w);
                Arrays.sort(c);
                System.out.printf(Locale.ROOT, "alternating, fuse=%s threads=%d: median step %.2f ms wall, %.2f ms CPU of the"
                                + " training thread (%d steps; CPU quartiles %.2f-%.2f)%n", side, Parallel.threads(),
                        w[m / 2] / 1e6, c[m / 2] / 1e6, m, c[m / 4] / 1e6, c[3 * m / 4] / 1e6);
            }
            return;
        }
        if (jcnn.tensor.backend.ParallelProfile.enabled()) {
            printProfile(wall, steps, "step");
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "fuse=%s threads=%d: median step %.2f ms wall, %.2f ms CPU of the training thread"
                        + " (%d steps after %d warm-up; wall quartiles %.2f-%.2f)%n",
                Fusion.isEnabled(), Parallel.threads(), wall[steps / 2] / 1e6, cpu[steps / 2] / 1e6, steps, warmup,
                wall[steps / 4] / 1e6, wall[3 * steps / 4] / 1e6);
    }

    /**
     * With {@code -Djcnn.parallel.profile=true}: per call site of a parallel region, per step, the
     * regions, their wall time, the busy time of all threads and the thread time left idle
     * (wall x threads - busy), the workers' wake-up and the caller's wait; and the step's time
     * outside every region (serial code: the optimizer's bookkeeping, the tape, small ops).
     */
    static void printProfile(long[] wall, int steps, String unit) {
        int threads = Parallel.threads();
        double total = 0;
        for (long w : wall) {
            total += w;
        }
        total /= steps;
        double inRegions = 0;
        System.out.printf(Locale.ROOT, "parallel profile, %d threads, per %s (%.2f ms wall):%n", threads, unit, total / 1e6);
        System.out.printf(Locale.ROOT, "| site | regions (inline) | wall ms | busy ms | idle thread-ms | wake ms | caller wait ms |%n|---|---|---|---|---|---|---|%n");
        for (jcnn.tensor.backend.ParallelProfile.Site site : jcnn.tensor.backend.ParallelProfile.sites()) {
            double w = site.wallNanos() / 1e6 / steps;
            double busy = site.busyNanos() / 1e6 / steps;
            inRegions += w;
            System.out.printf(Locale.ROOT, "| %s | %.1f (%.1f) | %.3f | %.3f | %.3f | %.3f | %.3f |%n", site.name(),
                    (site.parallelRegions() + site.inlineRegions()) / (double) steps, site.inlineRegions() / (double) steps,
                    w, busy, w * threads - busy, site.wakeNanos() / 1e6 / steps, site.waitNanos() / 1e6 / steps);
        }
        System.out.printf(Locale.ROOT, "in regions %.2f ms a %s, outside (one thread) %.2f ms%n", inRegions, unit, total / 1e6 - inRegions);
    }
}
