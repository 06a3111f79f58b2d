package jcnn.model;

import java.util.SplittableRandom;
import jcnn.data.Dataset;
import jcnn.tensor.Tensor;

/** A tiny synthetic task: 1×8×8 images with a horizontal (class 0) or vertical (class 1) bar plus noise. */
final class Bars {
    private Bars() {
    }

    static Dataset make(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(2);
            int line = r.nextInt(8);
            for (int p = 0; p < 64; p++) {
                x[i * 64 + p] = (float) (0.3 * r.nextDouble());
            }
            for (int k = 0; k < 8; k++) {
                int p = y[i] == 0 ? line * 8 + k : k * 8 + line;
                x[i * 64 + p] += 0.7f;
            }
        }
        return Dataset.of(Tensor.of(x, n, 1, 8, 8), y, "horizontal", "vertical");
    }
}
