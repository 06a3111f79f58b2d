package jcnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jcnn.tensor.Tensor;
import jcnn.tensor.backend.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 1 thread and 2 threads give bit-identical results. Sizes are chosen so the work is cut into
 * several chunks (batches of 8+ images, element-wise work above the parallel threshold, sums
 * over several reduction chunks), otherwise the comparison would be trivially equal.
 */
class FDeterminismTest {
    private int saved;

    @BeforeEach
    void remember() {
        saved = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    /** Runs {@code run} with 1 and then 2 threads and returns both results. */
    private static List<float[]> withOneAndTwoThreads(Supplier<List<float[]>> run) {
        Parallel.setThreads(1);
        List<float[]> one = run.get();
        Parallel.setThreads(2);
        List<float[]> two = run.get();
        assertTrue(one.size() == two.size());
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i), two.get(i), "result " + i + " differs between 1 and 2 threads");
        }
        return one;
    }

    @Test
    void convolutionForwardAndBackwardAreIdenticalWithOneAndTwoThreads() {
        withOneAndTwoThreads(() -> {
            Tensor x = Tensor.randn(1, 12, 3, 12, 10).requiresGrad();
            Tensor w = Tensor.randn(2, 8, 3, 3, 3).requiresGrad();
            Tensor b = Tensor.randn(3, 8).requiresGrad();
            Tensor y = F.conv2d(x, w, b, 1, 1);
            y.backward(Tensor.randn(4, y.shape()));
            List<float[]> out = new ArrayList<>(List.of(y.toArray(), x.grad().toArray(), w.grad().toArray(), b.grad().toArray()));
            // one image alone: the GEMM itself runs in parallel
            Tensor single = Tensor.randn(5, 1, 3, 13, 11).requiresGrad();
            Tensor ys = F.conv2d(single, w, b, 2, 1);
            ys.sum().backward();
            out.add(ys.toArray());
            out.add(single.grad().toArray());
            return out;
        });
    }

    @Test
    void poolsActivationsAndSumsAreIdenticalWithOneAndTwoThreads() {
        withOneAndTwoThreads(() -> {
            Tensor x = Tensor.randn(6, 8, 4, 40, 40).requiresGrad();   // 51,200 elements
            Tensor m = F.maxPool2d(x, 2, 2);
            Tensor a = F.avgPool2d(F.relu(x), 2, 2);
            Tensor s = m.sum().add(a.mul(a).sum()).add(F.sigmoid(x).mean());
            s.backward();
            return List.of(m.toArray(), a.toArray(), s.toArray(), x.grad().toArray(),
                    Tensor.randn(7, 100_000).sum().toArray(), F.l2(Tensor.randn(8, 70_000)).toArray(),
                    F.dropout(x.detach(), 0.3f, true, 9).toArray());
        });
    }

    @Test
    void crossEntropyAndLinearAreIdenticalWithOneAndTwoThreads() {
        withOneAndTwoThreads(() -> {
            Tensor x = Tensor.randn(10, 256, 300).requiresGrad();
            Tensor w = Tensor.randn(11, 10, 300).requiresGrad();
            Tensor b = Tensor.randn(12, 10).requiresGrad();
            int[] labels = new int[256];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = (i * 7) % 10;
            }
            Tensor loss = F.crossEntropy(F.linear(x, w, b), labels);
            loss.backward();
            return List.of(loss.toArray(), x.grad().toArray(), w.grad().toArray(), b.grad().toArray());
        });
    }
}
