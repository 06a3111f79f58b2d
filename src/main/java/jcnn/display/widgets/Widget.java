package jcnn.display.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import jcnn.display.Comm;
import jcnn.display.CommMessage;
import jcnn.display.Comms;

/**
 * A Jupyter widget model whose state is synced with the frontend over a comm (widget message
 * protocol 2.1, as spoken by ipywidgets 8, JupyterLab 4, Notebook 7 and VS Code).
 *
 * <p>A widget opens its comm the first time it is displayed or referenced by another widget
 * (a box's children, a link); state set before that travels in the {@code comm_open}. After
 * that, every change is sent as an {@code update}; changes from the frontend are applied,
 * echoed back ({@code echo_update}) and passed to the observers registered with
 * {@link #observe}. Observers run on the kernel's execution thread between cells.
 *
 * <p>State values are JSON ({@link JsonElement}), raw bytes (sent as binary buffers), widgets
 * (sent as {@code "IPY_MODEL_<id>"}) or lists of widgets.
 */
public abstract class Widget {
    static final String CONTROLS = "@jupyter-widgets/controls";
    static final String BASE = "@jupyter-widgets/base";
    static final String VERSION = "2.0.0";
    /** The comm target of widget models. */
    public static final String TARGET = "jupyter.widget";
    /** The protocol version sent in the metadata of every comm_open. */
    public static final String PROTOCOL_VERSION = "2.1.0";

    private static final Map<String, Widget> OPEN = new ConcurrentHashMap<>();

    /** One change of one state attribute, as an observer sees it. */
    public record Change(Widget widget, String name, Object oldValue, Object newValue) {
    }

    private final Map<String, Object> state = new LinkedHashMap<>();
    private final Map<String, List<Consumer<Change>>> observers = new ConcurrentHashMap<>();
    /** Attributes being applied from the frontend, with the value that came: not sent back. */
    private final Map<String, Object> fromFrontend = new HashMap<>();
    private volatile Comm comm;

    /** A widget of {@code modelName}/{@code viewName} in {@code module} (version 2.0.0 unless given). */
    protected Widget(String modelModule, String modelModuleVersion, String modelName, String viewModule,
                     String viewModuleVersion, String viewName) {
        state.put("_model_module", new JsonPrimitive(modelModule));
        state.put("_model_module_version", new JsonPrimitive(modelModuleVersion));
        state.put("_model_name", new JsonPrimitive(modelName));
        state.put("_view_module", viewModule == null ? JsonNull.INSTANCE : new JsonPrimitive(viewModule));
        state.put("_view_module_version", new JsonPrimitive(viewModuleVersion));
        state.put("_view_name", viewName == null ? JsonNull.INSTANCE : new JsonPrimitive(viewName));
    }

    /** A control of {@code @jupyter-widgets/controls} with its own layout. */
    protected Widget(String modelName, String viewName) {
        this(CONTROLS, VERSION, modelName, CONTROLS, VERSION, viewName);
        put("_dom_classes", new JsonArray());
        put("layout", new Layout());
        put("tabbable", JsonNull.INSTANCE);
        put("tooltip", JsonNull.INSTANCE);
    }

    // ---- state ----

    /** The value of state attribute {@code name} (JsonElement, byte[], Widget or List), or null. */
    public synchronized Object get(String name) {
        return state.get(name);
    }

    /**
     * Sets state attribute {@code name}, sends it to the frontend if the widget is open, and
     * tells the observers when it changed. {@code value}: JsonElement, String, Number, Boolean,
     * byte[], Widget, List of those, or null.
     */
    public Widget set(String name, Object value) {
        Object v = normalize(value);
        Object old;
        boolean send;
        synchronized (this) {
            old = state.put(name, v);
            boolean echoOfFrontend = fromFrontend.containsKey(name) && sameValue(fromFrontend.get(name), v);
            send = comm != null && !echoOfFrontend;
        }
        if (send) {
            sendUpdate("update", Map.of(name, v));
        }
        if (!sameValue(old, v)) {
            notifyObservers(name, old, v);
        }
        return this;
    }

    /** Sets state without sending or notifying: for subclass constructors. */
    protected final void put(String name, Object value) {
        synchronized (this) {
            state.put(name, normalize(value));
        }
    }

    /**
     * Calls {@code observer} whenever attribute {@code name} changes, from Java or from the
     * frontend (then on the kernel's execution thread). Returns this.
     */
    public Widget observe(String name, Consumer<Change> observer) {
        observers.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(Objects.requireNonNull(observer, "observer"));
        return this;
    }

    /** The attribute that carries this widget's value ("value"; "index" for selections). */
    public String valueKey() {
        return "value";
    }

    /** The widget's layout (CSS sizes and spacing), or null for widgets without one. */
    public Layout layout() {
        return get("layout") instanceof Layout l ? l : null;
    }

    private void notifyObservers(String name, Object old, Object value) {
        List<Consumer<Change>> list = observers.get(name);
        if (list == null) {
            return;
        }
        Change change = new Change(this, name, old, value);
        for (Consumer<Change> o : list) {
            o.accept(change);
        }
    }

    // ---- the comm ----

    /** Opens the comm if it is not open yet (sending the whole state) and returns the model id. */
    public String modelId() {
        return open().id();
    }

    /** True once the comm is open (the widget was displayed or referenced). */
    public boolean isOpen() {
        return comm != null;
    }

    synchronized Comm open() {
        if (comm == null) {
            Map<String, Object> snapshot = new LinkedHashMap<>(state);
            Serialized s = serialize(snapshot); // opens referenced widgets first
            JsonObject data = new JsonObject();
            data.add("state", s.state);
            data.add("buffer_paths", s.paths);
            JsonObject metadata = new JsonObject();
            metadata.addProperty("version", PROTOCOL_VERSION);
            adopt(Comms.open(TARGET, data, metadata, s.buffers));
        }
        return comm;
    }

    /** Makes {@code c} this widget's comm (opened here, or by the frontend). */
    synchronized void adopt(Comm c) {
        c.onMessage(this::received);
        c.onClose(m -> OPEN.remove(c.id()));
        comm = c;
        OPEN.put(c.id(), this);
    }

    /** Closes the comm; the frontend's views of it disappear. */
    public void close() {
        Comm c = comm;
        if (c != null) {
            OPEN.remove(c.id());
            c.close();
        }
    }

    static Map<String, Widget> openWidgets() {
        return OPEN;
    }

    /** The whole state as nbformat's widget-state entry (buffers base64-encoded). */
    synchronized JsonObject savedState() {
        Serialized s = serialize(new LinkedHashMap<>(state));
        JsonObject entry = new JsonObject();
        entry.add("model_name", s.state.get("_model_name"));
        entry.add("model_module", s.state.get("_model_module"));
        entry.add("model_module_version", s.state.get("_model_module_version"));
        entry.add("state", s.state);
        if (!s.buffers.isEmpty()) {
            JsonArray buffers = new JsonArray();
            for (int i = 0; i < s.buffers.size(); i++) {
                JsonObject b = new JsonObject();
                b.add("path", s.paths.get(i));
                b.addProperty("data", java.util.Base64.getEncoder().encodeToString(s.buffers.get(i)));
                b.addProperty("encoding", "base64");
                buffers.add(b);
            }
            entry.add("buffers", buffers);
        }
        return entry;
    }

    private void received(CommMessage message) {
        JsonObject data = message.data();
        String method = data.has("method") ? data.get("method").getAsString() : "";
        switch (method) {
            case "update" -> applyFromFrontend(data, message.buffers());
            case "request_state" -> sendUpdate("update", snapshot());
            case "custom" -> custom(data.has("content") && data.get("content").isJsonObject()
                    ? data.getAsJsonObject("content") : new JsonObject(), message.buffers());
            default -> System.err.println(getClass().getSimpleName() + ": ignored a message with method '" + method + "'");
        }
    }

    /** A {@code custom} message from the frontend (a button click); the default ignores it. */
    protected void custom(JsonObject content, List<byte[]> buffers) {
    }

    private synchronized Map<String, Object> snapshot() {
        return new LinkedHashMap<>(state);
    }

    private void applyFromFrontend(JsonObject data, List<byte[]> buffers) {
        JsonObject incoming = data.has("state") && data.get("state").isJsonObject() ? data.getAsJsonObject("state") : new JsonObject();
        Map<String, Object> values = new LinkedHashMap<>();
        incoming.entrySet().forEach(e -> values.put(e.getKey(), e.getValue()));
        if (data.has("buffer_paths") && data.get("buffer_paths").isJsonArray()) {
            JsonArray paths = data.getAsJsonArray("buffer_paths");
            for (int i = 0; i < paths.size() && i < buffers.size(); i++) {
                JsonArray path = paths.get(i).getAsJsonArray();
                if (path.size() == 1) {
                    values.put(path.get(0).getAsString(), buffers.get(i));
                }
            }
        }
        // echo first, so the frontend knows the order of our own updates that follow (protocol 2.1)
        sendUpdate("echo_update", values);
        for (Map.Entry<String, Object> e : values.entrySet()) {
            synchronized (this) {
                fromFrontend.put(e.getKey(), e.getValue());
            }
            try {
                set(e.getKey(), e.getValue());
            } finally {
                synchronized (this) {
                    fromFrontend.remove(e.getKey());
                }
            }
        }
    }

    private void sendUpdate(String method, Map<String, Object> values) {
        Comm c = comm;
        if (c == null || c.isClosed()) {
            return;
        }
        Serialized s = serialize(values);
        JsonObject data = new JsonObject();
        data.addProperty("method", method);
        data.add("state", s.state);
        data.add("buffer_paths", s.paths);
        c.send(data, null, s.buffers);
    }

    /** Sends a {@code custom} message to the frontend's model (Play and Output use none; for extensions). */
    protected void sendCustom(JsonObject content) {
        JsonObject data = new JsonObject();
        data.addProperty("method", "custom");
        data.add("content", content);
        open().send(data);
    }

    // ---- JSON ----

    private record Serialized(JsonObject state, JsonArray paths, List<byte[]> buffers) {
    }

    private static Serialized serialize(Map<String, Object> values) {
        JsonObject json = new JsonObject();
        JsonArray paths = new JsonArray();
        List<byte[]> buffers = new ArrayList<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getValue() instanceof byte[] bytes) {
                JsonArray path = new JsonArray();
                path.add(e.getKey());
                paths.add(path);
                buffers.add(bytes);
            } else {
                json.add(e.getKey(), toJson(e.getValue()));
            }
        }
        return new Serialized(json, paths, buffers);
    }

    private static JsonElement toJson(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof JsonElement j) {
            return j;
        }
        if (v instanceof Widget w) {
            return new JsonPrimitive("IPY_MODEL_" + w.modelId());
        }
        if (v instanceof List<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(x -> a.add(toJson(x)));
            return a;
        }
        throw new IllegalArgumentException("widget state: cannot send a " + v.getClass().getName());
    }

    private static Object normalize(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof JsonElement || value instanceof byte[] || value instanceof Widget) {
            return value;
        }
        if (value instanceof String s) {
            return new JsonPrimitive(s);
        }
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (value instanceof List<?> list) {
            boolean widgets = list.stream().allMatch(x -> x instanceof Widget);
            if (widgets && !list.isEmpty()) {
                return List.copyOf(list);
            }
            JsonArray a = new JsonArray();
            list.forEach(x -> a.add(toJson(normalize(x))));
            return a;
        }
        throw new IllegalArgumentException("widget state: expected a String, number, boolean, byte[], Widget, List or"
                + " JsonElement but got " + value.getClass().getName());
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.equals(x, y);
        }
        if (a instanceof JsonPrimitive x && b instanceof JsonPrimitive y && x.isNumber() && y.isNumber()) {
            return x.getAsDouble() == y.getAsDouble();
        }
        return Objects.equals(a, b);
    }

    // ---- typed access for subclasses ----

    protected final JsonElement json(String name) {
        Object v = get(name);
        return v instanceof JsonElement j ? j : JsonNull.INSTANCE;
    }

    protected final int intValue(String name) {
        JsonElement j = json(name);
        return j.isJsonNull() ? 0 : (int) Math.round(j.getAsDouble());
    }

    protected final double doubleValue(String name) {
        JsonElement j = json(name);
        return j.isJsonNull() ? Double.NaN : j.getAsDouble();
    }

    protected final String stringValue(String name) {
        JsonElement j = json(name);
        return j.isJsonNull() ? null : j.getAsString();
    }

    protected final boolean boolValue(String name) {
        JsonElement j = json(name);
        return !j.isJsonNull() && j.getAsBoolean();
    }

    /** The model name without "Model": "IntSlider". */
    protected String kind() {
        String model = stringValue("_model_name");
        return model != null && model.endsWith("Model") ? model.substring(0, model.length() - 5) : String.valueOf(model);
    }

    /** The attributes the text/plain form names, after the kind. */
    protected List<String> shownAttributes() {
        return List.of("value", "description");
    }

    /** What a client without widget support shows: {@code IntSlider(value=3, min=1, max=7, description='kernel size')}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(kind()).append('(');
        String sep = "";
        for (String name : shownAttributes()) {
            Object v = get(name);
            if (v == null || v instanceof JsonNull || (v instanceof JsonPrimitive p && p.isString() && p.getAsString().isEmpty())) {
                continue;
            }
            String text;
            if (v instanceof JsonPrimitive p && p.isString()) {
                String s = p.getAsString();
                text = "'" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "'";
            } else if (v instanceof byte[] bytes) {
                text = bytes.length + " bytes";
            } else if (v instanceof List<?> list) {
                text = list.size() + (list.size() == 1 ? " widget" : " widgets");
            } else if (v instanceof JsonPrimitive p && p.isNumber() && p.getAsDouble() == Math.rint(p.getAsDouble())
                    && !(this instanceof FloatSlider)) {
                text = Long.toString(p.getAsLong());
            } else {
                text = v.toString();
            }
            b.append(sep).append(name).append('=').append(text);
            sep = ", ";
        }
        return b.append(')').toString();
    }
}
