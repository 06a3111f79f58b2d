package jcnn.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A layer's configuration: the arguments of its builder verb, as written to the model file's
 * {@code args} object and read back by its {@link LayerRegistry.Factory}. Keys are the verb's
 * argument names ({@code filters}, {@code kernelSize}, {@code stride} ...); values are numbers,
 * strings or booleans (JSON gives every number back as a double, so read them with
 * {@link #integer} or {@link #number}).
 *
 * <pre>{@code
 * public LayerConfig config() { return new LayerConfig().put("units", units).put("init", init.name()); }
 * static Dense fromConfig(LayerConfig c, Shape in) { return new Dense(in.dim(1), c.integer("units")).init(c.init()); }
 * }</pre>
 */
public final class LayerConfig {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private String layer = "layer";

    public LayerConfig() {
    }

    /** A copy of {@code values} (as read from a file); {@code layer} names it in messages, e.g. {@code conv1 (conv)}. */
    public static LayerConfig of(Map<String, ?> values, String layer) {
        LayerConfig c = new LayerConfig();
        if (values != null) {
            c.values.putAll(values);
        }
        c.layer = layer;
        return c;
    }

    /** Sets {@code key} (a number, string or boolean); returns this. */
    public LayerConfig put(String key, Object value) {
        if (!(value instanceof Number || value instanceof String || value instanceof Boolean)) {
            throw new IllegalArgumentException("LayerConfig: " + key + " must be a number, string or boolean but got "
                    + (value == null ? "null" : value.getClass().getSimpleName()) + "; store the value, not an object");
        }
        values.put(key, value);
        return this;
    }

    /** Sets {@code key} only when {@code value != fallback} (the file then lists non-defaults only). */
    public LayerConfig putUnlessDefault(String key, int value, int fallback) {
        return value == fallback ? this : put(key, value);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * The whole number at {@code key}.
     *
     * @throws IllegalArgumentException if it is missing or not a whole number
     */
    public int integer(String key) {
        double v = number(key);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(layer + ": " + key + " must be a whole number but the configuration has " + v);
        }
        return (int) v;
    }

    /** The whole number at {@code key}, or {@code fallback} if absent. */
    public int integer(String key, int fallback) {
        return has(key) ? integer(key) : fallback;
    }

    /**
     * The number at {@code key}.
     *
     * @throws IllegalArgumentException if it is missing or not a number
     */
    public double number(String key) {
        Object v = values.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(layer + ": the configuration needs a number '" + key + "' but has "
                    + (v == null ? "none" : "'" + v + "'") + "; it has " + values.keySet());
        }
        return n.doubleValue();
    }

    /** The number at {@code key}, or {@code fallback} if absent. */
    public double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    /** The string at {@code key}, or {@code fallback} if absent. */
    public String string(String key, String fallback) {
        Object v = values.get(key);
        return v == null ? fallback : v.toString();
    }

    /** The boolean at {@code key}, or {@code fallback} if absent. */
    public boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        return v == null ? fallback : v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
    }

    /** The weight initialisation at {@code init} ({@code HE} or {@code GLOROT}; GLOROT when absent). */
    public Init init() {
        String name = string("init", Init.GLOROT.name());
        try {
            return Init.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layer + ": init must be one of HE, GLOROT but the configuration has '" + name + "'", e);
        }
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** The values, in insertion order (read-only). */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerConfig c && values.equals(c.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
