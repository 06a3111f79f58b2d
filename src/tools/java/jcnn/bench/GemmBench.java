package jcnn.bench;

import java.util.SplittableRandom;

import jcnn.tensor.backend.Sgemm;

/**
 * SGEMM throughput: {@code C = A * B} for square n x n matrices, GFLOPS = 2 n^3 / seconds.
 * Run as {@code java --add-modules jdk.incubator.vector -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.bench.GemmBench [n] [reps]}.
 */
public final class GemmBench {
    private static final boolean CPU_TIME = Boolean.getBoolean("cputime");

    private GemmBench() {
    }

    /** Median GFLOPS over {@code reps} timed runs after {@code warmup} untimed ones. */
    public static double gflops(int n, int warmup, int reps) {
        SplittableRandom random = new SplittableRandom(42);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (random.nextDouble() * 2 - 1);
            b[i] = (float) (random.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < warmup; i++) {
            Sgemm.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        }
        double[] rates = new double[reps];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < reps; i++) {
            // -Dcputime=true: rate per CPU second of the calling thread (tuning 1-thread runs on a loaded machine)
            long t0 = CPU_TIME ? mx.getCurrentThreadCpuTime() : System.nanoTime();
            Sgemm.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            long t1 = CPU_TIME ? mx.getCurrentThreadCpuTime() : System.nanoTime();
            rates[i] = 2.0 * n * n * n / (t1 - t0);
        }
        return Stats.median(rates);
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        System.out.printf("sgemm %d^3 kernel=%s threads=%d: %.1f GFLOPS (median of %d)%n",
                n, Sgemm.kernelName(), jcnn.tensor.backend.Parallel.threads(), gflops(n, Integer.getInteger("warmup", 5), reps), reps);
    }
}
