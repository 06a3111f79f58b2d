package jcnn.display.widgets;

/**
 * The style model of a control (its description width, colours), e.g. {@code SliderStyleModel};
 * unset attributes keep the frontend's defaults.
 */
public final class Style extends Widget {
    Style(String modelName) {
        super(CONTROLS, VERSION, modelName, BASE, VERSION, "StyleView");
        put("description_width", "");
    }

    /** Sets a style attribute by its widget name ({@code "description_width"}, {@code "button_color"}); returns this. */
    public Style attribute(String name, Object value) {
        set(name, value);
        return this;
    }

    @Override
    protected java.util.List<String> shownAttributes() {
        return java.util.List.of("description_width");
    }
}
