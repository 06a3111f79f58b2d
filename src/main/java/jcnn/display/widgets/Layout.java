package jcnn.display.widgets;

/**
 * The CSS layout of a widget ({@code LayoutModel} of {@code @jupyter-widgets/base}); every
 * control has one: {@code slider.layout().width("400px")}. Unset attributes keep the
 * frontend's defaults.
 */
public final class Layout extends Widget {
    Layout() {
        super(BASE, VERSION, "LayoutModel", BASE, VERSION, "LayoutView");
    }

    /** Sets a CSS attribute by its widget name ({@code "width"}, {@code "margin"}, {@code "flex_flow"}); returns this. */
    public Layout css(String attribute, String value) {
        set(attribute, value);
        return this;
    }

    /** The CSS width, e.g. {@code "400px"} or {@code "50%"}. */
    public Layout width(String width) {
        return css("width", width);
    }

    /** The CSS height. */
    public Layout height(String height) {
        return css("height", height);
    }

    @Override
    protected java.util.List<String> shownAttributes() {
        return java.util.List.of("width", "height");
    }
}
