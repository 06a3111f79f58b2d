package jcnn.display.widgets;

import java.util.List;

/** Widgets side by side: {@code new HBox(kernel, stride, padding)}. */
public final class HBox extends Box {
    public HBox(Widget... children) {
        super("HBoxModel", "HBoxView", List.of(children));
    }
}
