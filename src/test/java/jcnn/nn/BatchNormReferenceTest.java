package jcnn.nn;

import static jcnn.testing.TorchReference.assertClose;
import static jcnn.testing.TorchReference.doubles;
import static jcnn.testing.TorchReference.floats;
import static jcnn.testing.TorchReference.ints;

import com.google.gson.JsonObject;
import java.util.stream.Stream;
import jcnn.tensor.Tensor;
import jcnn.testing.TorchReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * F.batchNorm against PyTorch 1.13's {@code batch_norm} in float64 (src/test/resources/reference):
 * output, the three gradients and the updated running statistics, in training and evaluation,
 * for (N, C, H, W) and (N, C), to 1e-4.
 */
class BatchNormReferenceTest {
    static Stream<String> cases() {
        return TorchReference.cases("batch_norm").stream().map(c -> c.get("name").getAsString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardBackwardAndRunningStatisticsEqualPyTorch(String name) {
        JsonObject c = TorchReference.named("batch_norm", name);
        int[] shape = ints(c, "shape");
        int channels = shape[1];
        Tensor x = Tensor.of(floats(c, "x"), shape).requiresGrad();
        Tensor gamma = Tensor.of(floats(c, "gamma"), channels).requiresGrad();
        Tensor beta = Tensor.of(floats(c, "beta"), channels).requiresGrad();
        Tensor mean = Tensor.of(floats(c, "running_mean"), channels);
        Tensor var = Tensor.of(floats(c, "running_var"), channels);
        Tensor y = F.batchNorm(x, gamma, beta, mean, var, c.get("training").getAsBoolean(), c.get("momentum").getAsDouble(),
                c.get("eps").getAsDouble());
        y.backward(Tensor.of(floats(c, "dy"), shape));
        assertClose(name + " y", doubles(c, "y"), y.toArray(), 1e-4);
        assertClose(name + " dx", doubles(c, "dx"), x.grad().toArray(), 1e-4);
        assertClose(name + " dgamma", doubles(c, "dgamma"), gamma.grad().toArray(), 1e-4);
        assertClose(name + " dbeta", doubles(c, "dbeta"), beta.grad().toArray(), 1e-4);
        assertClose(name + " running mean", doubles(c, "running_mean_after"), mean.toArray(), 1e-4);
        assertClose(name + " running var", doubles(c, "running_var_after"), var.toArray(), 1e-4);
    }
}
