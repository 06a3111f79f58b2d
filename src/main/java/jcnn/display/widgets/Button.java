package jcnn.display.widgets;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A button that runs Java when clicked: {@code new Button("train one epoch").onClick(b -> ...)}.
 * Click handlers run on the kernel's execution thread, between cells, one at a time.
 */
public final class Button extends Control<Button> {
    private final List<Consumer<Button>> handlers = new CopyOnWriteArrayList<>();

    public Button(String description) {
        super("ButtonModel", "ButtonView", "ButtonStyleModel");
        put("description", description == null ? "" : description);
        put("button_style", "");
        put("icon", "");
    }

    /** Runs {@code handler} on every click; returns this. */
    public Button onClick(Consumer<Button> handler) {
        handlers.add(Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** Clicks the button from Java: runs the click handlers now, on this thread. */
    public void click() {
        for (Consumer<Button> h : handlers) {
            h.accept(this);
        }
    }

    /** One of "primary", "success", "info", "warning", "danger" or "". */
    public Button buttonStyle(String style) {
        set("button_style", style);
        return this;
    }

    @Override
    protected void custom(JsonObject content, List<byte[]> buffers) {
        if (content.has("event") && "click".equals(content.get("event").getAsString())) {
            click();
        }
    }

    @Override
    public String valueKey() {
        return "description";
    }

    @Override
    protected List<String> shownAttributes() {
        return List.of("description");
    }
}
