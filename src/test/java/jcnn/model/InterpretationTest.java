package jcnn.model;

import static jcnn.testing.TorchReference.assertNear;
import static jcnn.testing.TorchReference.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jcnn.plot.ImageGrid;
import jcnn.tensor.Tensor;
import jcnn.testing.InterpretationReference;
import jcnn.testing.TorchReference;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import jcnn.nn.Parameter;

/**
 * Saliency, Grad-CAM and occlusion against PyTorch 1.13 (reference.json, made by
 * src/test/python/interpretation_reference.py for a net with fixed weights), and occlusion against
 * a direct loop over {@code net.predict}.
 */
class InterpretationTest {
    private static final double TOL = 1e-4;
    private final InterpretationReference ref = InterpretationReference.load();
    private final Net net = ref.net();

    @Test
    void saliencyMatchesPyTorchsInputGradient() {
        for (JsonElement e : ref.json.getAsJsonArray("saliency")) {
            JsonObject r = e.getAsJsonObject();
            Saliency s = net.saliency(ref.image(r.get("image").getAsInt()), r.get("class").getAsInt());
            assertEquals(r.get("score").getAsFloat(), s.score(), 1e-5);
            assertArrayEquals(new int[] {3, 10, 10}, s.gradient().shape());
            assertNear(floats(r.getAsJsonArray("gradient")), s.gradient().toArray(), TOL, "gradient");
            assertArrayEquals(new int[] {10, 10}, s.map().shape());
            assertNear(floats(r.getAsJsonArray("map")), s.map().toArray(), TOL, "saliency map");
        }
    }

    @Test
    void saliencyOfAnotherClassFailsTheSameCheck() {
        JsonObject r = ref.json.getAsJsonArray("saliency").get(0).getAsJsonObject();
        Saliency wrong = net.saliency(ref.image(r.get("image").getAsInt()), (r.get("class").getAsInt() + 1) % 5);
        assertThrows(AssertionFailedError.class, () -> assertNear(floats(r.getAsJsonArray("gradient")), wrong.gradient().toArray(), TOL, "gradient"));
    }

    @Test
    void saliencyLeavesTheParametersWithoutGradients() {
        net.saliency(ref.image(0), 1);
        net.gradCam(ref.image(0), "conv2", 1);
        for (Parameter p : net.parameters()) {
            assertNull(p.tensor().grad(), p.name());
        }
    }

    @Test
    void gradCamMatchesPyTorchForEveryLayerWithFeatureMaps() {
        for (JsonElement e : ref.json.getAsJsonArray("grad_cam")) {
            JsonObject r = e.getAsJsonObject();
            String layer = r.get("layer").getAsString();
            GradCam cam = net.gradCam(ref.image(r.get("image").getAsInt()), layer, r.get("class").getAsInt());
            assertEquals(r.get("score").getAsFloat(), cam.score(), 1e-5, layer);
            assertNear(floats(r.getAsJsonArray("weights")), cam.weights().toArray(), TOL, layer + " weights");
            assertArrayEquals(TorchReference.ints(r.getAsJsonArray("map_shape")), cam.map().shape(), layer);
            assertNear(floats(r.getAsJsonArray("map")), cam.map().toArray(), TOL, layer + " map");
            assertNear(floats(r.getAsJsonArray("heatmap")), cam.heatmap().toArray(), TOL, layer + " heatmap");
        }
    }

    @Test
    void gradCamChecksFailForAnotherClassAndForNearestNeighbourResizing() {
        JsonObject r = ref.json.getAsJsonArray("grad_cam").get(3).getAsJsonObject();
        assertEquals("conv2", r.get("layer").getAsString());
        GradCam other = net.gradCam(ref.image(0), "conv2", 3);
        assertThrows(AssertionFailedError.class, () -> assertNear(floats(r.getAsJsonArray("map")), other.map().toArray(), TOL, "map"));
        // the 3x3 map blown up by nearest neighbour is not PyTorch's bilinear resize
        GradCam cam = net.gradCam(ref.image(0), "conv2", 2);
        float[] m = cam.map().toArray();
        float max = 0;
        for (float v : m) {
            max = Math.max(max, v);
        }
        float[] nearest = new float[100];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                nearest[y * 10 + x] = m[(y * 3 / 10) * 3 + x * 3 / 10] / max;
            }
        }
        assertThrows(AssertionFailedError.class, () -> assertNear(floats(r.getAsJsonArray("heatmap")), nearest, TOL, "heatmap"));
    }

    @Test
    void occlusionMatchesPyTorch() {
        for (JsonElement e : ref.json.getAsJsonArray("occlusion")) {
            JsonObject r = e.getAsJsonObject();
            Occlusion o = net.occlusion(ref.image(r.get("image").getAsInt()), r.get("class").getAsInt(), r.get("patch").getAsInt(),
                    r.get("stride").getAsInt(), r.get("fill").getAsFloat());
            assertEquals(r.get("probability").getAsFloat(), o.probability(), 1e-6);
            assertArrayEquals(TorchReference.ints(r.getAsJsonArray("map_shape")), o.map().shape());
            assertNear(floats(r.getAsJsonArray("map")), o.map().toArray(), TOL, "occlusion map");
        }
    }

    /** An independent check: occlude each position by hand and ask net.predict (which ends with the softmax). */
    @Test
    void occlusionMatchesADirectLoopOverPredict() {
        Tensor image = ref.image(4);
        int target = 3;
        int patch = 3;
        int stride = 2;
        Occlusion o = net.occlusion(image, target, patch, stride, 0.25f);
        float base = net.predict(image).get(0, target);
        int rows = (10 - patch) / stride + 1;
        float[] expected = new float[rows * rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < rows; c++) {
                float[] px = image.toArray();
                for (int ch = 0; ch < 3; ch++) {
                    for (int y = r * stride; y < r * stride + patch; y++) {
                        for (int x = c * stride; x < c * stride + patch; x++) {
                            px[(ch * 10 + y) * 10 + x] = 0.25f;
                        }
                    }
                }
                expected[r * rows + c] = base - net.predict(Tensor.of(px, 3, 10, 10)).get(0, target);
            }
        }
        assertNear(expected, o.map().toArray(), 1e-5, "occlusion");
        assertEquals(base, o.probability(), 1e-6);
        // the same loop with the patch one pixel off is a different map
        float[] shifted = expected.clone();
        System.arraycopy(expected, 1, shifted, 0, expected.length - 1);
        assertThrows(AssertionFailedError.class, () -> assertNear(shifted, o.map().toArray(), 1e-5, "shifted"));
    }

    @Test
    void occlusionHeatmapAveragesTheCoveringPatches() {
        Occlusion o = net.occlusion(ref.image(1), 0, 4, 3);
        // 10x10, patch 4, stride 3: positions 0, 3, 6; pixel (0,0) only under (0,0); pixel (3,3) under four; row 9 under row 2
        float[] m = o.map().toArray();
        Tensor heat = o.heatmap();
        assertEquals(m[0], heat.get(0, 0), 1e-7);
        assertEquals((m[0] + m[1] + m[3] + m[4]) / 4, heat.get(3, 3), 1e-6);
        assertEquals(m[8], heat.get(9, 9), 1e-7);
    }

    @Test
    void badArgumentsAreRefusedWithTheFix() {
        Tensor image = ref.image(0);
        var e = assertThrows(IllegalArgumentException.class, () -> net.gradCam(image, "dense1", 0));
        assertEquals("gradCam: layer 'dense1' (Dense) outputs (N, 5), not feature maps (N, C, H, W); pick one of conv1, relu1, pool1, conv2, relu2",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.saliency(image, 5));
        assertEquals("saliency: expected a class from 0 to 4 (the net has 5 outputs) but got 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.occlusion(image, 0, 11, 1));
        assertEquals("occlusion: expected a patch size from 1 to 10 (the image is 10x10) but got 11", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.saliency(ref.dataset().images(0, 2), 0));
        assertTrue(e.getMessage().startsWith("saliency: expected one image (C, H, W) or (1, C, H, W) but got (2, 3, 10, 10)"), e.getMessage());
        var s = assertThrows(IllegalStateException.class, () -> {
            try (var g = Tensor.noGrad()) {
                net.saliency(image, 0);
            }
        });
        assertTrue(s.getMessage().contains("outside that block"), s.getMessage());
    }

    @Test
    void plotsShowImageMapAndOverlay() {
        ImageGrid g = net.gradCam(ref.image(0), "conv1", 2).plot();
        assertEquals(3, g.tiles());
        assertEquals("attribution 'Grad-CAM conv1' over a 10x10 image, values 0 to 1 (viridis colour map)", g.describe());
        assertTrue(g.image().getWidth() > 300);
        ImageGrid o = net.occlusion(ref.image(0), 2, 4, 2).plot();
        assertEquals(jcnn.plot.ColorMap.DIVERGING, o.colorMapInUse());
        // the values described are the map's (not the pictures' colours beside it)
        float[] heat = net.occlusion(ref.image(0), 2, 4, 2).heatmap().toArray();
        float min = Float.POSITIVE_INFINITY;
        for (float v : heat) {
            min = Math.min(min, v);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("values (\\S+) to").matcher(o.describe());
        assertTrue(m.find(), o.describe());
        assertEquals(min, Double.parseDouble(m.group(1)), 0.005 * Math.abs(min), o.describe());
        assertEquals(jcnn.plot.ColorMap.VIRIDIS, net.saliency(ref.image(0), 2).plot().colorMapInUse());
    }
}
