package jcnn.display.widgets;

/** HTML shown in a widget, updated in place: {@code new HTML("<b>28</b> x 28")}. */
public final class HTML extends Control<HTML> {
    public HTML(String value) {
        super("HTMLModel", "HTMLView", "HTMLStyleModel");
        put("value", value == null ? "" : value);
        put("placeholder", "\u200b");
    }

    public String value() {
        return stringValue("value");
    }

    public HTML value(String html) {
        set("value", html == null ? "" : html);
        return this;
    }
}
