package jcnn.bench;

import java.util.Locale;

import jcnn.tensor.backend.Convolution;
import jcnn.tensor.backend.Convolution.Algorithm;
import jcnn.tensor.backend.Parallel;

/**
 * The crossover between im2col + SGEMM and Winograd for 3x3 stride-1 convolutions: for each shape,
 * the forward pass and the input gradient by each algorithm, timed in one JVM with the algorithms
 * alternating (A B C, then C B A, ...) so a change in machine load hits all of them alike; prints
 * the median and the spread of each, and the speed-up of each Winograd tile over im2col; then the
 * weight gradient by im2col, by Winograd F(3x3, 2x2) and by the automatic rule (which takes one of
 * those or the direct correlations; the row names which).
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Djcnn.threads=1 -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.bench.ConvCrossover [rounds] [reps]
 * </pre>
 * Each round runs each algorithm {@code reps} times after the warm-up round and keeps the best of
 * those reps; the table shows the median over rounds (ms per batch).
 */
public final class ConvCrossover {
    private ConvCrossover() {
    }

    /** {batch, C_in, H (= W), C_out, padding}: the lecture's convolutions and shapes around the rule. */
    static final int[][] SHAPES = {
        {64, 1, 28, 32, 1},
        {64, 32, 14, 64, 1},
        {64, 3, 32, 16, 1},
        {64, 8, 28, 16, 1},
        {64, 16, 28, 16, 1},
        {64, 16, 14, 32, 1},
        {64, 64, 7, 64, 1},
        {64, 64, 14, 64, 1},
        {64, 128, 7, 128, 1},
        {16, 64, 28, 64, 1},
    };

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Algorithm[] forwardAlgos = {Algorithm.IM2COL, Algorithm.WINOGRAD_2X2, Algorithm.WINOGRAD_4X4};
        StringBuilder weightRows = new StringBuilder();
        System.out.printf(Locale.ROOT, "threads %d (%s), gemm %s, rounds %d, best of %d per round; ms per batch: median [min-max]%n",
                Parallel.threads(), Parallel.threads() == 1 ? "CPU time of the calling thread" : "wall time",
                jcnn.tensor.backend.Sgemm.kernelName(), rounds, reps);
        System.out.println("| N, C_in -> C_out, HxW | pass | im2col | F(2x2) | F(4x4) | F(2x2) speed-up | F(4x4) speed-up |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int[] s : SHAPES) {
            int n = s[0], c = s[1], h = s[2], co = s[3], p = s[4];
            int oh = h + 2 * p - 2;
            Convolution.Geometry g = new Convolution.Geometry(n, c, h, h, co, 3, 3, 1, p, oh, oh);
            java.util.Random r = new java.util.Random(1);
            float[] x = random(r, n * c * h * h);
            float[] w = random(r, co * c * 9);
            float[] b = random(r, co);
            float[] y = new float[n * co * oh * oh];
            float[] dy = random(r, y.length);
            float[] dx = new float[x.length];
            float[] dw = new float[w.length];
            for (int pass = 0; pass < 3; pass++) {
                // the weight gradient: im2col, Winograd F(3x3, 2x2), and what AUTO takes (which may be either, or direct correlations)
                Algorithm[] algos = pass < 2 ? forwardAlgos : new Algorithm[] {Algorithm.IM2COL, Algorithm.WINOGRAD_2X2, Algorithm.AUTO};
                double[][] times = new double[algos.length][rounds];
                for (int round = -2; round < rounds; round++) {
                    for (int i = 0; i < algos.length; i++) {
                        int ai = (round & 1) == 0 ? i : algos.length - 1 - i;
                        Convolution.setAlgorithm(algos[ai]);
                        double best = Double.MAX_VALUE;
                        for (int rep = 0; rep < reps; rep++) {
                            long t0 = clock();
                            if (pass == 0) {
                                Convolution.forward(g, x, w, b, y);
                            } else if (pass == 1) {
                                Convolution.backward(g, x, w, dy, dx, null, null);
                            } else {
                                Convolution.backward(g, x, w, dy, null, dw, null);
                            }
                            best = Math.min(best, (clock() - t0) / 1e6);
                        }
                        if (round >= 0) {
                            times[ai][round] = best;
                        }
                    }
                }
                Convolution.setAlgorithm(Algorithm.AUTO);
                StringBuilder row = new StringBuilder();
                row.append(String.format(Locale.ROOT, "| %d, %d -> %d, %dx%d | %s |", n, c, co, h, h,
                        pass == 0 ? "forward" : pass == 1 ? "input gradient" : "weight gradient (AUTO: " + Convolution.weightGradientPath(g) + ")"));
                double[] med = new double[algos.length];
                for (int i = 0; i < algos.length; i++) {
                    med[i] = Stats.median(times[i]);
                    double lo = java.util.Arrays.stream(times[i]).min().orElse(0);
                    double hi = java.util.Arrays.stream(times[i]).max().orElse(0);
                    row.append(String.format(Locale.ROOT, " %.2f [%.2f-%.2f] |", med[i], lo, hi));
                }
                row.append(String.format(Locale.ROOT, " %.2f | %.2f |", med[0] / med[1], med[0] / med[2]));
                if (pass < 2) {
                    System.out.println(row);
                } else {
                    weightRows.append(row).append('\n');
                }
            }
        }
        System.out.println();
        System.out.println("| N, C_in -> C_out, HxW | pass | im2col | F(3x3, 2x2) | AUTO | F(3x3, 2x2) speed-up | AUTO speed-up |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.print(weightRows);
        Convolution.setAlgorithm(Algorithm.AUTO);
    }

    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * With one thread every chunk runs on the calling thread, so its CPU time is the work done and
     * is far less disturbed by other processes than wall time on a shared machine; with more
     * threads, wall time.
     */
    private static long clock() {
        return Parallel.threads() == 1 ? MX.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static float[] random(java.util.Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
