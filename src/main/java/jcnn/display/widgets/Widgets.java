package jcnn.display.widgets;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import jcnn.display.Comm;
import jcnn.display.CommMessage;
import jcnn.display.Comms;
import jcnn.display.Display;

/**
 * Jupyter widgets from Java: {@link #interact}, links, boxes, and the saved widget state.
 *
 * <pre>{@code
 * var size = new IntSlider(5, 32).value(7).description("input");
 * var kernel = new IntSlider(1, 7).value(3).description("kernel");
 * Widgets.interact(() -> Conv.outSize(size.value(), kernel.value(), 0, 1), size, kernel)
 * }</pre>
 */
public final class Widgets {
    /** The MIME type of a displayed widget. */
    public static final String VIEW_MIME = "application/vnd.jupyter.widget-view+json";
    /** The MIME type of the widget state saved in a notebook's metadata. */
    public static final String STATE_MIME = "application/vnd.jupyter.widget-state+json";

    private Widgets() {
    }

    /**
     * Runs {@code fn} now and again whenever one of {@code controls} changes, showing what it
     * prints, displays and returns (its value, if not null) in an {@link Output} under the
     * controls. An exception is shown there too. Returns the box of controls and output: make
     * it a cell's last expression, or {@code display(...)} it.
     */
    public static VBox interact(Supplier<?> fn, Widget... controls) {
        Objects.requireNonNull(fn, "fn");
        return interactive(() -> {
            Object result = fn.get();
            if (result != null) {
                Display.display(result);
            }
        }, controls);
    }

    /** {@link #interact(Supplier, Widget...)} for code that prints or displays and returns nothing. */
    public static VBox interact(Runnable fn, Widget... controls) {
        Objects.requireNonNull(fn, "fn");
        return interactive(fn, controls);
    }

    private static VBox interactive(Runnable draw, Widget... controls) {
        if (controls.length == 0) {
            throw new IllegalArgumentException("interact: expected at least one control (a slider, a dropdown) but got"
                    + " none; pass the widgets whose changes should re-run the function");
        }
        Output output = new Output();
        Runnable redraw = () -> output.capture(true, draw);
        for (Widget c : controls) {
            c.observe(c.valueKey(), change -> redraw.run());
        }
        redraw.run();
        List<Widget> children = new ArrayList<>(List.of(controls));
        children.add(output);
        return new VBox(children.toArray(new Widget[0]));
    }

    /**
     * Keeps {@code target.targetAttribute} equal to {@code source.sourceAttribute} and back, in
     * this JVM (each change is a round trip through the kernel). See {@link #jslink}.
     */
    public static void link(Widget source, String sourceAttribute, Widget target, String targetAttribute) {
        target.set(targetAttribute, source.get(sourceAttribute));
        source.observe(sourceAttribute, c -> target.set(targetAttribute, c.newValue()));
        target.observe(targetAttribute, c -> source.set(sourceAttribute, c.newValue()));
    }

    /** Links the two widgets' values ({@link Widget#valueKey()}). */
    public static void link(Widget source, Widget target) {
        link(source, source.valueKey(), target, target.valueKey());
    }

    /** A link kept in the browser (no kernel round trip; also in saved notebooks). */
    public static JsLink jslink(Widget source, String sourceAttribute, Widget target, String targetAttribute) {
        JsLink link = new JsLink(source, sourceAttribute, target, targetAttribute);
        link.modelId(); // a link acts once the frontend has its model
        return link;
    }

    /** Links the two widgets' values in the browser. */
    public static JsLink jslink(Widget source, Widget target) {
        return jslink(source, source.valueKey(), target, target.valueKey());
    }

    /**
     * Waits {@code millis} milliseconds while running the callbacks of widgets the user moves
     * meanwhile: for a cell that loops until a button says stop. See {@link Comms#processEvents}.
     */
    public static void processEvents(long millis) throws InterruptedException {
        Comms.processEvents(millis);
    }

    /** Widgets side by side. */
    public static HBox hbox(Widget... children) {
        return new HBox(children);
    }

    /** Widgets one under the other. */
    public static VBox vbox(Widget... children) {
        return new VBox(children);
    }

    /**
     * The state of every open widget, as a notebook stores it in
     * {@code metadata.widgets["application/vnd.jupyter.widget-state+json"]}, or null when no
     * widget is open.
     */
    public static JsonObject savedState() {
        Map<String, Widget> open = Widget.openWidgets();
        if (open.isEmpty()) {
            return null;
        }
        JsonObject states = new JsonObject();
        open.forEach((id, w) -> states.add(id, w.savedState()));
        JsonObject saved = new JsonObject();
        saved.addProperty("version_major", 2);
        saved.addProperty("version_minor", 0);
        saved.add("state", states);
        return saved;
    }

    /** Forgets every widget without telling the frontend (a new notebook starts in this JVM). */
    public static void reset() {
        Widget.openWidgets().clear();
    }

    /**
     * Registers the comm targets of the widget protocol: {@code jupyter.widget} (models the
     * frontend creates) and {@code jupyter.widget.control} (all states in one message, used by
     * JupyterLab when it reconnects).
     */
    public static void registerTargets() {
        Comms.registerTarget(Widget.TARGET, FrontendWidget::attach);
        Comms.registerTarget("jupyter.widget.control", (comm, open) -> comm.onMessage(m -> {
            String method = m.data().has("method") ? m.data().get("method").getAsString() : "";
            if (method.equals("request_states")) {
                sendStates(comm);
            }
        }));
    }

    private static void sendStates(Comm comm) {
        JsonObject states = new JsonObject();
        com.google.gson.JsonArray paths = new com.google.gson.JsonArray();
        List<byte[]> buffers = new ArrayList<>();
        Widget.openWidgets().forEach((id, w) -> {
            JsonObject saved = w.savedState();
            JsonObject state = saved.getAsJsonObject("state");
            if (saved.has("buffers")) {
                for (var b : saved.getAsJsonArray("buffers")) {
                    com.google.gson.JsonArray path = new com.google.gson.JsonArray();
                    path.add(id);
                    b.getAsJsonObject().getAsJsonArray("path").forEach(path::add);
                    paths.add(path);
                    buffers.add(java.util.Base64.getDecoder().decode(b.getAsJsonObject().get("data").getAsString()));
                }
            }
            states.add(id, state);
        });
        JsonObject data = new JsonObject();
        data.addProperty("method", "update_states");
        data.add("states", states);
        data.add("buffer_paths", paths);
        comm.send(data, null, buffers);
    }

    /** A model the frontend opened: its state is kept and synced; Java sees it as a plain {@link Widget}. */
    private static final class FrontendWidget extends Widget {
        private FrontendWidget(JsonObject state) {
            super(str(state, "_model_module"), str(state, "_model_module_version"), str(state, "_model_name"),
                    str(state, "_view_module"), str(state, "_view_module_version"), str(state, "_view_name"));
            state.entrySet().forEach(e -> put(e.getKey(), e.getValue()));
        }

        private static String str(JsonObject o, String key) {
            return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
        }

        static void attach(Comm comm, CommMessage open) {
            JsonObject state = open.data().has("state") ? open.data().getAsJsonObject("state") : new JsonObject();
            FrontendWidget w = new FrontendWidget(state);
            w.adopt(comm);
        }
    }
}
