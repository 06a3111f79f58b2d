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
import java.util.ArrayList;
import java.util.List;

/**
 * The one reader of numbers PyTorch 1.13 computed, stored as JSON test resources: the layer,
 * optimizer and schedule cases of {@code /reference/torch-reference.json} (written by
 * {@code torch_reference.py} next to it) and the interpretation fixture of
 * {@code /interpretation/reference.json} ({@link InterpretationReference}); the array conversions
 * and the two ways to compare jcnn's floats with them.
 */
public final class TorchReference {
    private TorchReference() {
    }

    /** The JSON object of a test resource, e.g. {@code "/reference/torch-reference.json"}. */
    public static JsonObject json(String resource) {
        try (InputStream in = TorchReference.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing; its generator script is named in "
                        + TorchReference.class.getName() + "'s Javadoc");
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cases under {@code section} ("batch_norm", "optimizers", "schedules") of torch-reference.json. */
    public static List<JsonObject> cases(String section) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : json("/reference/torch-reference.json").getAsJsonArray(section)) {
            out.add(e.getAsJsonObject());
        }
        return out;
    }

    public static JsonObject named(String section, String name) {
        for (JsonObject c : cases(section)) {
            if (c.get("name").getAsString().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no " + section + " case named " + name);
    }

    /** The array as floats; a JSON null (PyTorch's NaN) becomes NaN. */
    public static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement e = a.get(i);
            out[i] = e.isJsonNull() ? Float.NaN : e.getAsFloat();
        }
        return out;
    }

    public static float[] floats(JsonObject o, String key) {
        return floats(o.getAsJsonArray(key));
    }

    /** The array as doubles; a JSON null becomes NaN. */
    public static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement e = a.get(i);
            out[i] = e.isJsonNull() ? Double.NaN : e.getAsDouble();
        }
        return out;
    }

    public static double[] doubles(JsonObject o, String key) {
        return doubles(o.getAsJsonArray(key));
    }

    public static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    public static int[] ints(JsonObject o, String key) {
        return ints(o.getAsJsonArray(key));
    }

    /** Fails unless {@code |actual − expected| <= tol·max(1, |expected|)} everywhere; names the first bad index. */
    public static void assertClose(String what, double[] expected, float[] actual, double tol) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " values but got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])))) {
                fail(what + "[" + i + "]: PyTorch gives " + expected[i] + " but jcnn " + actual[i] + " (tolerance " + tol + ")");
            }
        }
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
