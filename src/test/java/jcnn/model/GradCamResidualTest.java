package jcnn.model;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jcnn.tensor.NoGrad;
import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import jcnn.nn.Conv2d;
import jcnn.nn.Layer;
import jcnn.nn.Mode;
import jcnn.nn.Parameter;

/**
 * Grad-CAM of convolution layers inside residual blocks, checked against the definition computed
 * without the tape: a convolution's bias {@code b[k]} is added to every position of its map
 * {@code A[k]}, so {@code d score / d b[k] = sum over (i, j) of d score / d A[k, i, j]}, and the
 * Grad-CAM weight is that derivative, by central differences of forward passes, divided by
 * {@code h · w}. The map is then {@code max(0, sum_k weight[k] · A[k])} with {@code A} from
 * {@code net.activations}.
 */
class GradCamResidualTest {
    private static final float EPS = 1e-2f;

    /**
     * Two blocks: one with the identity shortcut, one with a projection (4 → 6 channels, stride 2).
     * Smooth activations, so that central differences are accurate (a ReLU's kink crossed by the
     * step, or a step small enough to cross none, costs float precision).
     */
    private final Net net = Cnn.input(2, 9, 9)
            .conv(4, 3, padding(1)).tanh()
            .residual(b -> b.conv(4, 3, padding(1)).batchNorm().tanh().conv(4, 3, padding(1))).tanh()
            .residual(b -> b.conv(6, 3, stride(2), padding(1)).tanh().conv(6, 3, padding(1))).tanh()
            .globalAvgPool().dense(3).softmax()
            .seed(11).build();
    private final Tensor image = LayerContract.spread(Shape.of(2, 9, 9), 5, 1);

    @Test
    void gradCamInsideResidualBlocksMatchesTheDefinitionByCentralDifferences() {
        for (String layer : List.of("block1.conv1", "block1.conv2", "block2.conv1", "block2.conv2", "block2.proj", "conv1")) {
            for (int cls = 0; cls < 3; cls++) {
                GradCam cam = net.gradCam(image, layer, cls);
                float[] expected = weightsByDifferences(layer, cls);
                assertNear(expected, cam.weights().toArray(), 2e-3, layer + " class " + cls + " weights");
                assertNear(definitionMap(layer, expected), cam.map().toArray(), 2e-3, layer + " class " + cls + " map");
                assertEquals(score(cls), cam.score(), 1e-5, layer);
            }
        }
    }

    /**
     * The same check fails for another class's derivatives; and the block's output (branch plus
     * shortcut) has another map than the branch's last convolution, so a name resolved to the
     * wrong tensor would show.
     */
    @Test
    void theCheckFailsForAnotherClassAndForTheWrongLayer() {
        GradCam cam = net.gradCam(image, "block1.conv1", 0);
        assertThrows(AssertionFailedError.class, () -> assertNear(weightsByDifferences("block1.conv1", 1), cam.weights().toArray(), 2e-3, "other class"));
        // block1.conv2 (the branch before the sum) and block1 (after adding the shortcut) have maps of the same shape
        GradCam branch = net.gradCam(image, "block1.conv2", 0);
        GradCam block = net.gradCam(image, "block1", 0);
        assertArrayEquals(branch.map().shape(), block.map().shape());
        assertThrows(AssertionFailedError.class, () -> assertNear(branch.map().toArray(), block.map().toArray(), 2e-3, "block vs branch"));
    }

    @Test
    void everyFeatureMapLayerOfTheBlocksCanBeAskedAndOthersAreRefusedWithTheList() {
        Activations maps = net.featureMaps(image);
        for (String name : maps.asMap().keySet()) {
            GradCam cam = net.gradCam(image, name, 2);
            Tensor a = maps.get(name);
            assertArrayEquals(new int[] {a.size(2), a.size(3)}, cam.map().shape(), name);
            assertArrayEquals(new int[] {9, 9}, cam.heatmap().shape(), name);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> net.gradCam(image, "dense1", 0));
        assertEquals("gradCam: layer 'dense1' (Dense) outputs (N, 3), not feature maps (N, C, H, W); pick one of "
                + String.join(", ", maps.asMap().keySet()), e.getMessage());
        assertTrue(e.getMessage().contains("block1.conv1, block1.bn1, block1.tanh1, block1.conv2, block1, tanh2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.gradCam(image, "block9.conv1", 0));
        assertTrue(e.getMessage().startsWith("no layer named 'block9.conv1'"), e.getMessage());
        for (Parameter p : net.parameters()) {
            assertNull(p.tensor().grad(), p.name());
        }
    }

    /** d score / d A[k] summed over the map, by moving the layer's bias b[k] by ±EPS; divided by h·w. */
    private float[] weightsByDifferences(String layer, int cls) {
        Conv2d conv = (Conv2d) net.layer(layer);
        float[] bias = TensorInternals.data(bias(conv));
        Tensor a = net.activations(image).get(layer);
        int k = a.size(1);
        int area = a.size(2) * a.size(3);
        float[] weights = new float[k];
        for (int c = 0; c < k; c++) {
            float saved = bias[c];
            bias[c] = saved + EPS;
            double plus = score(cls);
            bias[c] = saved - EPS;
            double minus = score(cls);
            bias[c] = saved;
            weights[c] = (float) ((plus - minus) / (2 * EPS) / area);
        }
        return weights;
    }

    /** max(0, sum_k weight[k] · A[k]) by a direct loop over the net's activations. */
    private float[] definitionMap(String layer, float[] weights) {
        Tensor a = net.activations(image).get(layer);
        int k = a.size(1);
        int area = a.size(2) * a.size(3);
        float[] data = a.toArray();
        float[] map = new float[area];
        for (int i = 0; i < area; i++) {
            double s = 0;
            for (int c = 0; c < k; c++) {
                s += (double) weights[c] * data[c * area + i];
            }
            map[i] = (float) Math.max(0, s);
        }
        return map;
    }

    /** The class score before the softmax: every layer but the last, in evaluation mode, without the tape. */
    private float score(int cls) {
        try (NoGrad g = Tensor.noGrad()) {
            Tensor y = image.reshape(1, 2, 9, 9);
            List<Layer> layers = net.layers();
            for (Layer l : layers.subList(0, layers.size() - 1)) {
                y = l.forward(y, Mode.EVAL);
            }
            return y.get(0, cls);
        }
    }

    private static Tensor bias(Conv2d conv) {
        for (Parameter p : conv.parameters()) {
            if (!p.isWeight()) {
                return p.tensor();
            }
        }
        throw new AssertionError(conv.name() + " has no bias");
    }

    /** Within tol of the largest magnitude expected (the weights of one layer differ by orders of magnitude). */
    private static void assertNear(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        float scale = 1e-6f;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * scale, what + " [" + i + "]");
        }
    }
}
