package jcnn.bench;

import java.util.Arrays;

import jcnn.nn.F;
import jcnn.tensor.NoGrad;
import jcnn.tensor.Tensor;
import jcnn.tensor.backend.StepArena;

/**
 * The lecture network's forward pass in inference (no tape, a batch of 256 random images, random
 * weights), each {@code F} call timed on its own: median of 20 after 10 untimed; prints
 * milliseconds per operation and images/s.
 * {@code java --add-modules jdk.incubator.vector -Djcnn.threads=1 -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.bench.InferParts}
 */
public final class InferParts {
    private InferParts() {
    }

    public static void main(String[] args) {
        int n = 256;
        Tensor x = Tensor.rand(1, n, 1, 28, 28);
        Tensor w1 = Tensor.randn(2, 32, 1, 3, 3);
        Tensor b1 = Tensor.randn(3, 32);
        Tensor w2 = Tensor.randn(4, 64, 32, 3, 3);
        Tensor b2 = Tensor.randn(5, 64);
        Tensor f1 = Tensor.randn(6, 128, 3136);
        Tensor fb1 = Tensor.randn(7, 128);
        Tensor f2 = Tensor.randn(8, 10, 128);
        Tensor fb2 = Tensor.randn(9, 10);
        StepArena arena = new StepArena();
        String[] names = {"conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "fc1+relu", "fc2"};
        double[][] ms = new double[names.length][20];
        try (NoGrad ignored = Tensor.noGrad()) {
            for (int rep = -10; rep < 20; rep++) {
                try (var scope = arena.open()) {
                    long[] t = new long[names.length + 1];
                    t[0] = System.nanoTime();
                    Tensor h = F.conv2d(x, w1, b1, 1, 1);
                    t[1] = System.nanoTime();
                    h = F.relu(h);
                    t[2] = System.nanoTime();
                    h = F.maxPool2d(h, 2, 2);
                    t[3] = System.nanoTime();
                    h = F.conv2d(h, w2, b2, 1, 1);
                    t[4] = System.nanoTime();
                    h = F.relu(h);
                    t[5] = System.nanoTime();
                    h = F.maxPool2d(h, 2, 2);
                    t[6] = System.nanoTime();
                    h = F.relu(F.linear(F.flatten(h), f1, fb1));
                    t[7] = System.nanoTime();
                    F.linear(h, f2, fb2);
                    t[8] = System.nanoTime();
                    for (int i = 0; rep >= 0 && i < names.length; i++) {
                        ms[i][rep] = (t[i + 1] - t[i]) / 1e6;
                    }
                }
            }
        }
        double total = 0;
        for (int i = 0; i < names.length; i++) {
            Arrays.sort(ms[i]);
            total += ms[i][10];
            System.out.printf("%-10s %7.2f ms%n", names[i], ms[i][10]);
        }
        System.out.printf("total %.2f ms/batch of %d = %.0f images/s%n", total, n, n * 1000 / total);
    }
}
