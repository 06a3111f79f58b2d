package jcnn.display.widgets;

import java.util.function.Consumer;

/**
 * A control with a description, a style and a value the user changes. {@code T} is the
 * concrete class, so that the setters chain: {@code new IntSlider(1, 7).value(3).description("kernel")}.
 */
public abstract class Control<T extends Control<T>> extends Widget {
    protected Control(String modelName, String viewName, String styleModel) {
        super(modelName, viewName);
        put("description", "");
        put("description_allow_html", false);
        put("disabled", false);
        if (styleModel != null) {
            put("style", new Style(styleModel));
        }
    }

    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    /** The label shown beside the control. */
    public T description(String description) {
        set("description", description);
        return self();
    }

    public String description() {
        return stringValue("description");
    }

    /** Greys the control out so the user cannot change it. */
    public T disabled(boolean disabled) {
        set("disabled", disabled);
        return self();
    }

    /** A tooltip shown when the pointer rests on the control. */
    public T tooltip(String tooltip) {
        set("tooltip", tooltip);
        return self();
    }

    /** The style model (e.g. {@code style().attribute("description_width", "120px")}), or null. */
    public Style style() {
        return get("style") instanceof Style s ? s : null;
    }

    /**
     * Calls {@code listener} with the control's new value whenever it changes (the user moved
     * it, or a cell set it); on the kernel's execution thread, between cells.
     */
    public T onChange(Consumer<T> listener) {
        observe(valueKey(), change -> listener.accept(self()));
        return self();
    }
}
