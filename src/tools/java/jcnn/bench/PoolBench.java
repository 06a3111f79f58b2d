package jcnn.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

import jcnn.tensor.backend.Pooling;

/**
 * 2x2 max pooling alone, without and with argmax: 2,048 planes of 28x28 (the lecture network's
 * first ReLU output at batch 64: half zeros), one call per repetition, median of 40 after 40
 * untimed; prints milliseconds.
 * {@code java --add-modules jdk.incubator.vector -Djcnn.threads=1 -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.bench.PoolBench}
 */
public final class PoolBench {
    private PoolBench() {
    }

    public static void main(String[] args) {
        int planes = 64 * 32;
        int h = 28;
        int w = 28;
        float[] x = new float[planes * h * w];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.max(0, random.nextGaussian());
        }
        float[] y = new float[planes * (h / 2) * (w / 2)];
        int[] argmax = new int[y.length];
        for (int mode = 0; mode < 2; mode++) {
            double[] ms = new double[40];
            for (int rep = -40; rep < ms.length; rep++) {
                long t0 = System.nanoTime();
                Pooling.maxForward(x, planes, h, w, 2, 2, h / 2, w / 2, y, mode == 0 ? null : argmax);
                if (rep >= 0) {
                    ms[rep] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            System.out.printf("%s: %.3f ms%n", mode == 0 ? "no argmax" : "argmax", ms[ms.length / 2]);
        }
    }
}
