package jcnn.display.widgets;

/** A check box: {@code new Checkbox().description("padding 'same'")}. */
public final class Checkbox extends Control<Checkbox> {
    public Checkbox() {
        super("CheckboxModel", "CheckboxView", "CheckboxStyleModel");
        put("value", false);
        put("indent", true);
    }

    public boolean value() {
        return boolValue("value");
    }

    public Checkbox value(boolean value) {
        set("value", value);
        return this;
    }
}
