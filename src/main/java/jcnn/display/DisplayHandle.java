package jcnn.display;

/**
 * A shown output that can be replaced in place ({@code update_display_data}), returned by
 * {@link Display#display(Object)}. Live training charts use one handle per chart.
 */
public final class DisplayHandle {
    private final String displayId;

    DisplayHandle(String displayId) {
        this.displayId = displayId;
    }

    /** The Jupyter display id ({@code transient.display_id}). */
    public String id() {
        return displayId;
    }

    /** Replaces what this handle shows with {@code value}, rendered by the registry. */
    public DisplayHandle update(Object value) {
        Display.show(Display.render(value), displayId, true);
        return this;
    }

    @Override
    public String toString() {
        return "DisplayHandle[" + displayId + "]";
    }
}
