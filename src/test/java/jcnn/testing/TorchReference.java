package jcnn.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbers PyTorch 1.13 computed, from {@code src/test/resources/reference/torch-reference.json}
 * (written by {@code torch_reference.py} next to it).
 */
public final class TorchReference {
    private TorchReference() {
    }

    /** The cases under {@code section} ("batch_norm", "optimizers", "schedules"). */
    public static List<JsonObject> cases(String section) {
        try (Reader in = new InputStreamReader(TorchReference.class.getResourceAsStream("/reference/torch-reference.json"),
                StandardCharsets.UTF_8)) {
            JsonObject root = JsonParser.parseReader(in).getAsJsonObject();
            List<JsonObject> out = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray(section)) {
                out.add(e.getAsJsonObject());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonObject named(String section, String name) {
        for (JsonObject c : cases(section)) {
            if (c.get("name").getAsString().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no " + section + " case named " + name);
    }

    public static float[] floats(JsonObject o, String key) {
        JsonArray a = o.getAsJsonArray(key);
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }

    public static double[] doubles(JsonObject o, String key) {
        JsonArray a = o.getAsJsonArray(key);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    public static int[] ints(JsonObject o, String key) {
        JsonArray a = o.getAsJsonArray(key);
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    /** Fails unless {@code |actual − expected| <= tol·max(1, |expected|)} everywhere; names the first bad index. */
    public static void assertClose(String what, double[] expected, float[] actual, double tol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": expected " + expected.length + " values but got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])))) {
                throw new AssertionError(what + "[" + i + "]: PyTorch gives " + expected[i] + " but jcnn " + actual[i]
                        + " (tolerance " + tol + ")");
            }
        }
    }
}
