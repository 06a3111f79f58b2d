package jcnn.display.widgets;

import java.util.List;

/** A one-line text field: {@code new Text().placeholder("a layer name")}. */
public final class Text extends Control<Text> {
    public Text() {
        super("TextModel", "TextView", "TextStyleModel");
        put("value", "");
        put("placeholder", "\u200b");
        put("continuous_update", true);
    }

    public String value() {
        return stringValue("value");
    }

    public Text value(String value) {
        set("value", value == null ? "" : value);
        return this;
    }

    /** Grey text shown while the field is empty. */
    public Text placeholder(String placeholder) {
        set("placeholder", placeholder);
        return this;
    }

    /** False: the value is sent on Enter or when the field loses focus, not on every key. */
    public Text continuousUpdate(boolean continuous) {
        set("continuous_update", continuous);
        return this;
    }

    @Override
    protected List<String> shownAttributes() {
        return List.of("value", "description");
    }
}
