package jcnn.testing;

import jcnn.tensor.Tensor;
import jcnn.tensor.backend.Convolution;
import jcnn.tensor.backend.Convolution.Algorithm;
import jcnn.tensor.backend.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * For tests that switch the convolution algorithm or the thread count: both are process-wide,
 * so each test's settings are put back afterwards. Extend it; the hooks run around every test.
 */
public abstract class ConvolutionSettingsRestored {
    private Algorithm savedAlgorithm;
    private int savedThreads;

    @BeforeEach
    public void rememberConvolutionSettings() {
        savedAlgorithm = Convolution.algorithm();
        savedThreads = Parallel.threads();
    }

    @AfterEach
    public void restoreConvolutionSettings() {
        Convolution.setAlgorithm(savedAlgorithm);
        Parallel.setThreads(savedThreads);
    }

    /** |t| element by element: the scale tensors of the error bounds (sum of |terms|). */
    public static Tensor abs(Tensor t) {
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
        }
        return Tensor.of(v, t.shape());
    }
}
