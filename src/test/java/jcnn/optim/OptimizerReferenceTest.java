package jcnn.optim;

import static jcnn.testing.TorchReference.assertClose;
import static jcnn.testing.TorchReference.doubles;
import static jcnn.testing.TorchReference.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import jcnn.model.Cnn;
import jcnn.model.Net;
import jcnn.nn.Parameter;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import jcnn.testing.TorchReference;
import org.junit.jupiter.api.Test;

/**
 * AdamW, RMSprop and SGD with Nesterov momentum against PyTorch 1.13's torch.optim on the same
 * weights and gradients (src/test/resources/reference/torch_reference.py): six steps on a weight
 * (2, 3), decayed where the optimizer decays, and a bias (2), never decayed.
 */
class OptimizerReferenceTest {
    private static void check(String name, Optimizer optimizer) {
        JsonObject c = TorchReference.named("optimizers", name);
        Net net = Cnn.input(3).dense(2).build();
        List<Parameter> params = net.parameters();
        Parameter w = params.get(0);
        Parameter b = params.get(1);
        assertEquals(Parameter.Kind.WEIGHT, w.kind());
        assertEquals(Parameter.Kind.BIAS, b.kind());
        System.arraycopy(floats(c, "w0"), 0, TensorInternals.data(w.tensor()), 0, 6);
        System.arraycopy(floats(c, "b0"), 0, TensorInternals.data(b.tensor()), 0, 2);
        optimizer.reset();
        int step = 0;
        for (JsonElement g : c.getAsJsonArray("grads")) {
            JsonObject grads = g.getAsJsonObject();
            w.tensor().zeroGrad();
            b.tensor().zeroGrad();
            // the gradient of sum(w·G) + sum(b·H) is exactly (G, H)
            w.tensor().mul(Tensor.of(floats(grads, "w"), 2, 3)).sum().add(b.tensor().mul(Tensor.of(floats(grads, "b"), 2)).sum())
                    .backward();
            optimizer.step(params, optimizer.learningRate());
            JsonObject after = c.getAsJsonArray("after").get(step++).getAsJsonObject();
            assertClose(name + " step " + step + " w", doubles(after, "w"), w.tensor().toArray(), 2e-6);
            assertClose(name + " step " + step + " b", doubles(after, "b"), b.tensor().toArray(), 2e-6);
        }
        assertEquals(6, step);
    }

    @Test
    void adamWWithDecoupledWeightDecayOnWeightsOnlyMatchesPyTorch() {
        check("adamW(0.01).weightDecay(0.1)", Optimizers.adamW(0.01).weightDecay(0.1));
    }

    @Test
    void rmspropMatchesPyTorch() {
        check("rmsprop(0.01)", Optimizers.rmsprop(0.01));
    }

    @Test
    void rmspropWithAlphaAndMomentumMatchesPyTorch() {
        check("rmsprop(0.01).alpha(0.9).momentum(0.5)", Optimizers.rmsprop(0.01).alpha(0.9).momentum(0.5));
    }

    @Test
    void sgdWithNesterovMomentumMatchesPyTorch() {
        check("sgd(0.1).momentum(0.9).nesterov()", Optimizers.sgd(0.1).momentum(0.9).nesterov());
    }
}
