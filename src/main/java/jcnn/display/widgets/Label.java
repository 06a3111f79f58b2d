package jcnn.display.widgets;

/** Text shown as such (no HTML): {@code new Label("(32 + 2*0 - 5)/1 + 1 = 28")}. */
public final class Label extends Control<Label> {
    public Label(String value) {
        super("LabelModel", "LabelView", "LabelStyleModel");
        put("value", value == null ? "" : value);
        put("placeholder", "\u200b");
    }

    public String value() {
        return stringValue("value");
    }

    public Label value(String value) {
        set("value", value == null ? "" : value);
        return this;
    }
}
