package jcnn.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jcnn.data.Dataset;
import jcnn.model.Cnn;
import jcnn.model.Net;
import jcnn.nn.Parameter;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;

/**
 * The PyTorch 1.13 reference of {@code src/test/resources/interpretation/reference.json}, made by
 * {@code src/test/python/interpretation_reference.py}: a small net's fixed weights, 12 images with
 * labels, and what PyTorch computed for them (saliency, Grad-CAM, occlusion, per-example losses).
 */
public final class InterpretationReference {
    public final JsonObject json;

    private InterpretationReference(JsonObject json) {
        this.json = json;
    }

    public static InterpretationReference load() {
        try (InputStream in = InterpretationReference.class.getResourceAsStream("/interpretation/reference.json")) {
            if (in == null) {
                throw new IllegalStateException("test resource /interpretation/reference.json is missing");
            }
            return new InterpretationReference(JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generator's net, built by jcnn, with PyTorch's weights copied in. */
    public Net net() {
        Net net = Cnn.input(3, 10, 10).conv(3, 3, Cnn.padding(1)).relu().maxPool(2).conv(4, 3).relu()
                .flatten().dropout(0.5).dense(5).softmax().build();
        JsonObject params = json.getAsJsonObject("params");
        String[] names = {"conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "dense1.weight", "dense1.bias"};
        List<Parameter> ps = net.parameters();
        if (ps.size() != names.length) {
            throw new IllegalStateException("expected " + names.length + " parameters but the net has " + ps.size());
        }
        for (int i = 0; i < names.length; i++) {
            float[] src = floats(params.getAsJsonArray(names[i]));
            float[] dst = TensorInternals.data(ps.get(i).tensor());
            if (src.length != dst.length) {
                throw new IllegalStateException(names[i] + ": " + src.length + " values for a parameter of " + dst.length);
            }
            System.arraycopy(src, 0, dst, 0, src.length);
        }
        return net;
    }

    /** Image {@code i} as {@code (3, 10, 10)}. */
    public Tensor image(int i) {
        float[] all = floats(json.getAsJsonArray("images"));
        int per = 3 * 10 * 10;
        return Tensor.of(java.util.Arrays.copyOfRange(all, i * per, (i + 1) * per), 3, 10, 10);
    }

    /** The 12 images and their labels, classes "c0" .. "c4". */
    public Dataset dataset() {
        float[] all = floats(json.getAsJsonArray("images"));
        int[] labels = ints(json.getAsJsonObject("evaluation").getAsJsonArray("labels"));
        return Dataset.of(Tensor.of(all, 12, 3, 10, 10), labels, "c0", "c1", "c2", "c3", "c4");
    }

    public static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement e = a.get(i);
            out[i] = e.isJsonNull() ? Float.NaN : e.getAsFloat();
        }
        return out;
    }

    public static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    /**
     * Every value within {@code tol} times the largest expected magnitude (NaN only where NaN is
     * expected); the message names the first element off.
     */
    public static void assertNear(float[] expected, float[] actual, double tol, String what) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " values but got " + actual.length);
        }
        double scale = 0;
        for (float v : expected) {
            if (Float.isFinite(v)) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double bound = tol * Math.max(scale, 1e-12);
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(expected[i]) != Float.isNaN(actual[i])
                    || !Float.isNaN(expected[i]) && !(Math.abs(expected[i] - actual[i]) <= bound)) {
                fail(what + ", element " + i + ": expected " + expected[i] + " but got " + actual[i] + " (tolerance " + bound + ")");
            }
        }
    }
}
