package jcnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import org.junit.jupiter.api.Test;
import jcnn.model.Activations;
import jcnn.model.Cnn;
import jcnn.model.Net;

class LayersTest {

    /** Every built-in layer: the shape inferred without computing equals the shape computed. */
    @Test
    void inferredShapeEqualsComputedShapeForEveryLayer() {
        Net net = Cnn.input(2, 9, 9)
                .conv(6, 3, Cnn.padding(1)).relu().maxPool(2)          // 9 -> 9 -> 4 (floor)
                .locallyConnected(4, 2).tanh().avgPool(3, Cnn.stride(1)) // 4 -> 3 -> 1
                .conv(6, 1).leakyRelu(0.1).elu(1.0).maxout(2).sigmoid()
                .flatten().dropout(0.3).dense(5).softmax().build();
        Tensor x = Tensor.randn(3, 2, 2, 9, 9);
        Shape shape = Shape.of(2, 2, 9, 9);
        Activations acts = net.activations(x);
        for (Layer layer : net.layers()) {
            shape = layer.outputShape(shape);
            assertEquals(shape, Shape.of(acts.get(layer.name()).shape()), layer.name());
        }
        assertEquals(List.of("conv1", "relu1", "pool1", "local1", "tanh1", "pool2", "conv2", "leakyrelu1", "elu1", "maxout1",
                "sigmoid1", "flatten1", "dropout1", "dense1", "softmax1"), acts.names());
    }

    @Test
    void poolingDropsTheRowsNoWindowReachesAndGivesThemNoGradient() {
        float[] v = new float[25];
        for (int i = 0; i < 25; i++) {
            v[i] = i;
        }
        Tensor x = Tensor.of(v, 1, 1, 5, 5).requiresGrad();
        MaxPool2d pool = new MaxPool2d(2);
        Tensor y = pool.forward(x, Mode.TRAIN);
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[] {6, 8, 16, 18}, y.toArray());   // maxima of the 2×2 windows of rows/cols 0-3
        y.sum().backward();
        float[] g = x.grad().toArray();
        float[] expected = new float[25];
        expected[6] = expected[8] = expected[16] = expected[18] = 1;
        assertArrayEquals(expected, g);
        assertArrayEquals(new float[] {3, 5, 13, 15}, new AvgPool2d(2).forward(Tensor.of(v, 1, 1, 5, 5), Mode.EVAL).toArray());
    }

    @Test
    void forwardWithAWrongInputNamesTheLayerAndBothShapes() {
        Conv2d conv = new Conv2d(3, 8, 3);
        conv.named("conv1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(Tensor.zeros(32, 1, 28, 28), Mode.EVAL));
        assertTrue(e.getMessage().startsWith("conv1 (Conv2d): ") && e.getMessage().contains("(N, 3, H, W)")
                && e.getMessage().contains("(32, 1, 28, 28)"), e.getMessage());
    }

    @Test
    void initialisationFollowsHeOrGlorotLimitsAndTheSeed() {
        Net he = Cnn.input(1, 8, 8).conv(16, 3).relu().seed(7).build();
        Net glorot = Cnn.input(1, 8, 8).conv(16, 3).tanh().seed(7).build();
        float heLimit = (float) Math.sqrt(6.0 / 9);            // fanIn = 1·3·3
        float glorotLimit = (float) Math.sqrt(6.0 / (9 + 144)); // fanOut = 16·3·3
        float heMax = maxAbs(he.layer("conv1").weights());
        float glorotMax = maxAbs(glorot.layer("conv1").weights());
        assertTrue(heMax <= heLimit && heMax > 0.8f * heLimit, heMax + " vs " + heLimit);
        assertTrue(glorotMax <= glorotLimit && glorotMax > 0.8f * glorotLimit, glorotMax + " vs " + glorotLimit);
        assertEquals(0f, maxAbs(he.layer("conv1").bias()));
        assertArrayEquals(he.layer("conv1").weights().toArray(), Cnn.input(1, 8, 8).conv(16, 3).relu().seed(7).build()
                .layer("conv1").weights().toArray());
        assertNotEquals(he.layer("conv1").weights().get(0, 0, 0, 0),
                Cnn.input(1, 8, 8).conv(16, 3).relu().seed(8).build().layer("conv1").weights().get(0, 0, 0, 0));
    }

    private static float maxAbs(Tensor t) {
        float m = 0;
        for (float v : t.toArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void dropoutIsIdentityInEvaluationAndSeededInTraining() {
        Dropout d = new Dropout(0.5);
        Tensor x = Tensor.ones(4, 100);
        assertArrayEquals(x.toArray(), d.forward(x, Mode.EVAL).toArray());
        d.reseed(3);
        float[] first = d.forward(x, Mode.TRAIN).toArray();
        float[] second = d.forward(x, Mode.TRAIN).toArray();
        d.reseed(3);
        assertArrayEquals(first, d.forward(x, Mode.TRAIN).toArray());
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(second));   // a new mask each step
        int zeros = 0;
        for (float v : first) {
            assertTrue(v == 0 || v == 2);   // kept values scaled by 1/(1 − p)
            zeros += v == 0 ? 1 : 0;
        }
        assertTrue(zeros > 150 && zeros < 250, "dropped " + zeros + " of 400");
    }

    /** The whole net's gradient (tape through every layer) against central differences in double. */
    @Test
    void netGradientMatchesCentralDifferences() {
        Net net = Cnn.input(1, 6, 6).conv(3, 3, Cnn.padding(1)).tanh().maxPool(2).flatten().dense(4).sigmoid().dense(3).seed(5).build();
        Tensor x = Tensor.randn(11, 2, 1, 6, 6);
        int[] labels = {2, 0};
        Parameter w = net.parameters().get(0);
        w.tensor().zeroGrad();
        F.crossEntropy(net.logits(x, Mode.TRAIN), labels).backward();
        float[] analytic = w.tensor().grad().toArray();
        float[] data = TensorInternals.data(w.tensor());
        double eps = 1e-3;
        double worst = 0;
        for (int i = 0; i < data.length; i++) {
            float keep = data[i];
            data[i] = (float) (keep + eps);
            double plus = loss(net, x, labels);
            data[i] = (float) (keep - eps);
            double minus = loss(net, x, labels);
            data[i] = keep;
            worst = Math.max(worst, Math.abs((plus - minus) / (2 * eps) - analytic[i]));
        }
        assertTrue(worst < 2e-3, "largest gradient error " + worst);
    }

    private static double loss(Net net, Tensor x, int[] labels) {
        try (var g = Tensor.noGrad()) {
            return F.crossEntropy(net.logits(x, Mode.EVAL), labels).item();
        }
    }

    /** The crop that gives pooling floor semantics has its own backward: checked by central differences. */
    @Test
    void croppedPoolingGradientMatchesCentralDifferences() {
        Tensor x = Tensor.randn(21, 2, 3, 7, 5);   // 7×5 pooled by 2: rows 6 and column 4 dropped
        AvgPool2d avg = new AvgPool2d(2);
        jcnn.testing.GradientCheck.check(in -> avg.forward(in[0], Mode.TRAIN), x);
        AvgPool2d overlapping = new AvgPool2d(3).stride(2);   // (7 − 3)/2 + 1 = 3, (5 − 3)/2 + 1 = 2: no crop
        jcnn.testing.GradientCheck.check(in -> overlapping.forward(in[0], Mode.TRAIN), x);
        AvgPool2d cropped = new AvgPool2d(2).stride(3);       // floor((7 − 2)/3) + 1 = 2 windows use rows 0-4
        assertArrayEquals(new int[] {2, 3, 2, 2}, cropped.forward(x, Mode.EVAL).shape());
        jcnn.testing.GradientCheck.check(in -> cropped.forward(in[0], Mode.TRAIN), x);
    }
}
