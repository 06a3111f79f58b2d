package jcnn.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import jcnn.tensor.backend.Convolution;
import jcnn.tensor.backend.Parallel;
import jcnn.tensor.backend.Sgemm;
import jcnn.tensor.backend.StepArena;
import jcnn.tensor.backend.Winograd;

/**
 * The lecture's second convolution (batch 64, 32 → 64 channels, 14x14, 3x3, padding 1) by Winograd,
 * pass by pass: the forward pass with ReLU on the store, the input gradient and the weight
 * gradient, each in a step arena's scope; and, for comparison, only the 16 GEMMs per chunk that
 * each pass runs, for all 16 chunks of 4 images on the calling thread. What a pass takes beyond
 * its GEMMs (at one thread) is its transforms and data movement.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Djcnn.threads=1 -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.bench.WinogradParts [rounds]
 * </pre>
 * Warms up for 4 s, then prints per round the median of 15 repetitions of each (ms). A benchmark,
 * not a test.
 */
public final class WinogradParts {
    private WinogradParts() {
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    private static double medianMs(Runnable pass, int reps) {
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            pass.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int n = 64, c = 32, h = 14, co = 64;
        Convolution.Geometry g = new Convolution.Geometry(n, c, h, h, co, 3, 3, 1, 1, h, h);
        Random r = new Random(1);
        float[] x = random(r, n * c * h * h), w = random(r, co * c * 9), b = random(r, co);
        float[] y = new float[n * co * h * h], dy = random(r, y.length);
        float[] dx = new float[x.length], dw = new float[w.length];
        StepArena arena = new StepArena();
        int tiles = 4 * 49;   // a chunk: 4 images of 7x7 tiles
        float[] u = random(r, 16 * co * c), v = random(r, 16 * c * tiles), m = new float[16 * co * tiles];
        float[] partial = new float[16 * co * c];
        Runnable forward = () -> {
            try (var scope = arena.open()) {
                Winograd.forward(Winograd.Tile.F2x2, g, x, w, b, y, false, true);
            }
        };
        Runnable inputGradient = () -> {
            try (var scope = arena.open()) {
                Winograd.inputGradient(Winograd.Tile.F2x2, g, w, dy, dx);
            }
        };
        Runnable weightGradient = () -> {
            try (var scope = arena.open()) {
                Winograd.weightGradient(g, x, dy, dw);
            }
        };
        // the GEMMs of each pass, per chunk and transform position, as the passes call them
        Runnable forwardGemms = () -> {
            for (int chunk = 0; chunk < 16; chunk++) {
                for (int e = 0; e < 16; e++) {
                    Sgemm.gemm(false, false, co, tiles, c, 1f, u, e * co * c, c, v, e * c * tiles, tiles, 0f, m, e * co * tiles, tiles);
                }
            }
        };
        Runnable inputGradientGemms = () -> {
            for (int chunk = 0; chunk < 16; chunk++) {
                for (int e = 0; e < 16; e++) {
                    Sgemm.gemm(false, false, c, tiles, co, 1f, u, e * co * c, co, m, e * co * tiles, tiles, 0f, v, e * c * tiles, tiles);
                }
            }
        };
        Runnable weightGradientGemms = () -> {
            for (int chunk = 0; chunk < 16; chunk++) {
                for (int e = 0; e < 16; e++) {
                    Sgemm.gemm(false, true, co, c, tiles, 1f, m, e * co * tiles, tiles, v, e * c * tiles, tiles, 0f, partial, e * co * c, c);
                }
            }
        };
        Runnable[] all = {forward, inputGradient, weightGradient, forwardGemms, inputGradientGemms, weightGradientGemms};
        long end = System.nanoTime() + 4_000_000_000L;
        while (System.nanoTime() < end) {
            for (Runnable p : all) {
                p.run();
            }
        }
        double flops = 2.0 * n * co * h * h * c * 9;
        System.out.printf(Locale.ROOT, "threads %d, gemm %s; ms, median of 15 (GEMMs alone: on the calling thread)%n",
                Parallel.threads(), Sgemm.kernelName());
        for (int round = 0; round < rounds; round++) {
            double f = medianMs(forward, 15), i = medianMs(inputGradient, 15), wg = medianMs(weightGradient, 15);
            double gf = medianMs(forwardGemms, 15), gi = medianMs(inputGradientGemms, 15), gw = medianMs(weightGradientGemms, 15);
            System.out.printf(Locale.ROOT, "forward %.2f (GEMMs %.2f), input gradient %.2f (GEMMs %.2f), weight gradient %.2f"
                            + " (GEMMs %.2f); all three %.2f ms = %.0f GFLOPS of the direct convolution's count%n",
                    f, gf, i, gi, wg, gw, f + i + wg, 3 * flops / ((f + i + wg) * 1e6));
        }
    }
}
