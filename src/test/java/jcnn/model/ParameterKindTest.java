package jcnn.model;

import static jcnn.model.Cnn.padding;
import static jcnn.optim.Optimizers.adamW;
import static jcnn.optim.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import jcnn.data.Dataset;
import jcnn.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import jcnn.optim.Optimizer;
import jcnn.optim.Sgd;

/**
 * Parameter kinds in training: L1/L2 and weight decay touch weights only (not biases, not
 * BatchNorm's gamma/beta); state (running statistics) is never given to the optimizer, changes
 * only through training-mode forwards, and is saved and loaded.
 */
class ParameterKindTest {
    static final Dataset TRAIN = Bars.make(64, 3);

    @TempDir
    Path dir;

    static Net net() {
        return Cnn.input(1, 8, 8).conv(4, 3, padding(1)).batchNorm().relu()
                .residual(b -> b.conv(4, 3, padding(1)).batchNorm()).relu().globalAvgPool().dense(2).seed(3).build();
    }

    private static List<float[]> values(List<Parameter> ps) {
        return ps.stream().map(p -> p.tensor().toArray()).toList();
    }

    @Test
    void penaltiesAndDecayChangeWeightsOnly() {
        for (Optimizer[] pair : new Optimizer[][] {{sgd(0.1), sgd(0.1)}, {adamW(0.01).weightDecay(0), adamW(0.01).weightDecay(0.5)}}) {
            Net plain = net();
            Net penalised = net();
            // one step (the whole set is one batch): gradients of biases do not depend on the penalty
            plain.train(TRAIN).batch(64).optimizer(pair[0]).quiet().run();
            var t = penalised.train(TRAIN).batch(64).optimizer(pair[1]).quiet();
            if (pair[1] instanceof Sgd) {
                t.l2(1.0).l1(0.1);
            }
            t.run();
            List<Parameter> a = plain.parameters();
            List<Parameter> b = penalised.parameters();
            for (int i = 0; i < a.size(); i++) {
                boolean same = Arrays.equals(a.get(i).tensor().toArray(), b.get(i).tensor().toArray());
                assertEquals(!a.get(i).isWeight(), same, a.get(i) + " with " + pair[1]);
            }
            assertTrue(a.stream().anyMatch(p -> p.name().equals("bn1.weight") && !p.isWeight()), "gamma is not penalised");
        }
    }

    @Test
    void stateIsNotTrainedButFollowsTrainingAndIsSaved() throws Exception {
        Net net = net();
        List<Parameter> state = net.state();
        assertEquals(List.of("bn1.running_mean", "bn1.running_var", "block1.bn1.running_mean", "block1.bn1.running_var"),
                state.stream().map(Parameter::name).toList());
        assertFalse(net.parameters().stream().anyMatch(p -> p.kind() == Parameter.Kind.STATE));
        List<float[]> before = values(state);
        net.evaluate(TRAIN);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), values(state).get(i), "evaluation leaves the running statistics alone");
        }
        net.train(TRAIN).epochs(1).batch(16).optimizer(adamW(0.01)).quiet().run();
        for (Parameter p : state) {
            assertNull(p.tensor().grad(), p + " has no gradient");
        }
        assertFalse(Arrays.equals(before.get(0), state.get(0).tensor().toArray()), "training moved the running mean");
        Path file = dir.resolve("bn.jcnn");
        net.save(file);
        Net loaded = Net.load(file);
        for (int i = 0; i < state.size(); i++) {
            assertArrayEquals(state.get(i).tensor().toArray(), loaded.state().get(i).tensor().toArray());
        }
        assertArrayEquals(net.predict(TRAIN.images()).toArray(), loaded.predict(TRAIN.images()).toArray());
        assertTrue(Files.size(file) > 0);
    }
}
