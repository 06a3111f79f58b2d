package jcnn.model;

import static jcnn.model.Cnn.padding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jcnn.nn.F;
import jcnn.nn.Fusion;
import jcnn.nn.Mode;
import jcnn.nn.Parameter;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import jcnn.tensor.backend.StepArena;

/**
 * A network runs its adjacent layers fused ({@link Fusion}) with exactly the bits of running
 * them one by one, and nothing a user sees changes: layer names, the summary, every layer's
 * output in activations and feature maps (the ReLU's included), save and load, residual blocks.
 */
class NetFusionTest {
    @AfterEach
    void restore() {
        Fusion.setEnabled(true);
    }

    static Cnn lectureNet() {
        return Cnn.input(1, 28, 28)
                .conv(32, 3, padding(1)).relu().maxPool(2)
                .conv(64, 3, padding(1)).relu().maxPool(2)
                .flatten().dropout(0.5).dense(128).relu().dense(10).softmax();
    }

    @Test
    void theLectureNetworkFusesItsConvolutionsWithTheirRelusAndPooling() {
        Net net = lectureNet().seed(3).build();
        List<String> fused = Fusion.plan(net.layers(), Mode.TRAIN);
        assertTrue(fused.contains("conv1+relu1+pool1") && fused.contains("conv2+relu2+pool2"), fused.toString());
        assertTrue(fused.contains("dropout1+dense1"), fused.toString());
        assertTrue(Fusion.plan(net.layers(), Mode.EVAL).contains("dropout1"), "no dropout to fuse outside training");
        // overlapping windows (stride 1) are not fused with the pooling
        Net overlapping = Cnn.input(1, 12, 12).conv(4, 3).relu().add(new jcnn.nn.MaxPool2d(2).stride(1)).flatten().dense(3).build();
        assertEquals(List.of("conv1+relu1", "pool1", "flatten1", "dense1"), Fusion.plan(overlapping.layers(), Mode.TRAIN));
        Fusion.setEnabled(false);
        assertEquals(net.layerNames(), Fusion.plan(net.layers(), Mode.TRAIN));
    }

    @Test
    void aTrainingStepOfTheLectureNetworkIsBitIdenticalFusedAndUnfused() {
        for (boolean arena : new boolean[] {false, true}) {
            List<float[]> unfused = trainingStep(false, arena);
            List<float[]> fused = trainingStep(true, arena);
            assertEquals(unfused.size(), fused.size());
            for (int k = 0; k < unfused.size(); k++) {
                assertBits((arena ? "in an arena: " : "") + (k == 0 ? "logits" : k == 1 ? "loss" : "gradient " + (k - 2)),
                        unfused.get(k), fused.get(k));
            }
        }
    }

    /** Logits, loss and every parameter's gradient of two training steps (the second reusing the arena's arrays). */
    private static List<float[]> trainingStep(boolean fuse, boolean inArena) {
        Fusion.setEnabled(fuse);
        Net net = lectureNet().seed(11).build();
        net.seedDropout(5);
        Tensor x = Tensor.uniform(7, -1f, 1f, 6, 1, 28, 28);
        int[] labels = {0, 3, 9, 1, 1, 7};
        StepArena arena = new StepArena();
        List<float[]> out = new ArrayList<>();
        for (int step = 0; step < 2; step++) {
            out.clear();
            for (Parameter p : net.parameters()) {
                p.tensor().zeroGrad();
            }
            try (StepArena.Scope s = inArena ? arena.open() : null) {
                Tensor logits = net.logits(x, Mode.TRAIN);
                Tensor loss = F.crossEntropy(logits, labels);
                loss.backward();
                out.add(TensorInternals.data(logits).clone());
                out.add(new float[] {loss.item()});
            }
            for (Parameter p : net.parameters()) {
                out.add(p.tensor().grad().toArray());
            }
        }
        return out;
    }

    @Test
    void predictionsActivationsAndTheSummaryAreTheSameFusedAndUnfused(@TempDir Path dir) throws Exception {
        Net net = lectureNet().seed(2).build();
        Tensor x = Tensor.uniform(4, -1f, 1f, 3, 1, 28, 28);
        Fusion.setEnabled(false);
        float[] predicted = net.predict(x).toArray();
        Map<String, Tensor> maps = net.featureMaps(x).asMap();
        String summary = net.summary().toString();
        Fusion.setEnabled(true);
        assertBits("predict", predicted, net.predict(x).toArray());
        assertBits("forward", predicted, net.forward(x, Mode.EVAL).toArray());
        Map<String, Tensor> fusedMaps = net.featureMaps(x).asMap();
        // the ReLU layers' outputs are still there under their names, with the same values
        assertEquals(maps.keySet(), fusedMaps.keySet());
        assertTrue(fusedMaps.containsKey("relu1") && fusedMaps.containsKey("conv2") && fusedMaps.containsKey("relu2"),
                fusedMaps.keySet().toString());
        for (String name : maps.keySet()) {
            assertBits("feature map " + name, maps.get(name).toArray(), fusedMaps.get(name).toArray());
        }
        assertEquals(summary, net.summary().toString());
        Path file = dir.resolve("net.jcnn");
        net.save(file);
        Net loaded = Net.load(file);
        assertEquals(net.layerNames(), loaded.layerNames());
        assertBits("loaded net's predict", predicted, loaded.predict(x).toArray());
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void aResidualNetworkGivesTheSameBitsFusedAndUnfused() {
        Net net = Cnn.input(3, 12, 12).conv(8, 3, padding(1)).relu()
                .residual(b -> b.conv(8, 3, padding(1)).relu().conv(8, 3, padding(1))).relu()
                .maxPool(2).flatten().dense(10).build();
        Tensor x = Tensor.uniform(9, -1f, 1f, 4, 3, 12, 12);
        int[] labels = {1, 2, 3, 4};
        List<float[]> results = new ArrayList<>();
        for (boolean fuse : new boolean[] {false, true}) {
            Fusion.setEnabled(fuse);
            for (Parameter p : net.parameters()) {
                p.tensor().zeroGrad();
            }
            Tensor loss = F.crossEntropy(net.logits(x, Mode.TRAIN), labels);
            loss.backward();
            results.add(new float[] {loss.item()});
            for (Parameter p : net.parameters()) {
                results.add(p.tensor().grad().toArray());
            }
        }
        int half = results.size() / 2;
        for (int k = 0; k < half; k++) {
            assertBits("residual net, result " + k, results.get(k), results.get(half + k));
        }
        assertEquals(net.layer("block1.relu1").name(), "block1.relu1");
        assertTrue(net.activations(x.reshape(4, 3, 12, 12)).asMap().containsKey("block1.relu1"));
    }

    static void assertBits(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": element " + i + " differs: unfused " + expected[i] + ", fused " + actual[i]);
            }
        }
    }
}
