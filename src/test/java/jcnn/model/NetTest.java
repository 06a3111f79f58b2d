package jcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import jcnn.data.Dataset;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import org.junit.jupiter.api.Test;
import jcnn.nn.Mode;

class NetTest {
    static Net net() {
        return Cnn.input(1, 6, 6).conv(4, 3, Cnn.padding(1)).relu().maxPool(2).flatten().dropout(0.5).dense(3).softmax().seed(1)
                .build();
    }

    static float[] allWeights(Net net) {
        return net.parameters().stream().map(p -> p.tensor().toArray())
                .reduce(new float[0], (a, b) -> {
                    float[] c = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, c, a.length, b.length);
                    return c;
                });
    }

    @Test
    void predictGivesProbabilitiesInBatchesAndEqualsTheSingleForward() {
        Net net = net();
        Tensor x = Tensor.randn(4, 600, 1, 6, 6);   // more than one evaluation batch of 256
        Tensor p = net.predict(x);
        assertArrayEquals(new int[] {600, 3}, p.shape());
        float[] v = p.toArray();
        for (int i = 0; i < 600; i++) {
            assertEquals(1.0, v[3 * i] + v[3 * i + 1] + v[3 * i + 2], 1e-5);
        }
        float[] direct;
        try (var g = Tensor.noGrad()) {
            direct = net.forward(x, Mode.EVAL).toArray();
        }
        assertArrayEquals(direct, v);
        Tensor one = Tensor.of(Arrays.copyOfRange(x.toArray(), 36 * 599, 36 * 600), 1, 6, 6);   // a single example (C, H, W)
        assertArrayEquals(Arrays.copyOfRange(v, 3 * 599, 3 * 600), net.predict(one).toArray());
        assertEquals(net.predictClasses(x)[599], Net.argmax(v, 3 * 599, 3));
    }

    @Test
    void wrongInputShapeIsExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net().predict(Tensor.zeros(6, 6)));
        assertTrue(e.getMessage().contains("(N, 1, 6, 6)") && e.getMessage().contains("(6, 6)")
                && e.getMessage().contains("reshape(1, 6, 6)"), e.getMessage());
    }

    @Test
    void evaluateCountsTheConfusionMatrixAndPerClassAccuracy() {
        Net net = net();
        Tensor x = Tensor.randn(8, 50, 1, 6, 6);
        int[] predicted = net.predictClasses(x);
        int[] labels = new int[50];
        for (int i = 0; i < 50; i++) {
            labels[i] = i % 3;
        }
        Evaluation ev = net.evaluate(Dataset.of(x, labels, "a", "b", "c"));
        int correct = 0;
        int[][] counts = new int[3][3];
        for (int i = 0; i < 50; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
            counts[labels[i]][predicted[i]]++;
        }
        assertEquals(correct / 50.0, ev.accuracy(), 1e-12);
        ConfusionMatrix cm = ev.confusionMatrix();
        assertArrayEquals(counts, cm.counts());
        assertEquals((double) counts[1][1] / (counts[1][0] + counts[1][1] + counts[1][2]), ev.perClassAccuracy()[1], 1e-12);
        assertTrue(cm.toString().contains("1 b") && cm.toHtml().contains("<th>c</th>"), cm.toString());
        // the loss is the mean cross-entropy of the probabilities
        double loss = 0;
        float[] p = net.predict(x).toArray();
        for (int i = 0; i < 50; i++) {
            loss -= Math.log(p[3 * i + labels[i]]);
        }
        assertEquals(loss / 50, ev.loss(), 1e-5);
    }

    @Test
    void inspectionDoesNotChangeTheNet() {
        Net net = net();
        float[] before = allWeights(net);
        Tensor x = Tensor.randn(2, 3, 1, 6, 6);
        Activations a = net.activations(x);
        assertArrayEquals(new int[] {3, 4, 6, 6}, a.get("conv1").shape());
        assertArrayEquals(new int[] {3, 4, 3, 3}, a.get("pool1").shape());
        assertEquals(java.util.List.of("conv1", "relu1", "pool1"), net.featureMaps(x).names());
        assertEquals(net.predictClasses(x)[1], net.predictClass(Tensor.of(Arrays.copyOfRange(x.toArray(), 36, 72), 1, 6, 6)));
        Filters f = net.filters("conv1");
        assertEquals(4, f.count());
        assertEquals("conv1", f.layer());
        TensorInternals.data(f.tensor())[0] = 99;                        // a copy: the net keeps its weight
        TensorInternals.data(net.layer("conv1").weights())[0] = 99;
        net.evaluate(Dataset.of(x, new int[] {0, 1, 2}));
        net.predict(x);
        assertArrayEquals(before, allWeights(net));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> net.layer("conv9")).getMessage().contains("conv1, relu1"));
        assertTrue(assertThrows(IllegalStateException.class, () -> net.layer("pool1").weights()).getMessage().contains("pool1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.get("x")).getMessage().contains("dense1"));
    }

    @Test
    void twoBuildsOfOneBuilderAreIndependent() {
        Cnn b = Cnn.input(1, 6, 6).conv(2, 3).flatten().dense(2);
        Net first = b.build();
        Net second = b.build();
        TensorInternals.data(first.parameters().get(0).tensor())[0] = 42;
        assertTrue(TensorInternals.data(second.parameters().get(0).tensor())[0] != 42);
    }
}
