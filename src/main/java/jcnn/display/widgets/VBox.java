package jcnn.display.widgets;

import java.util.List;

/** Widgets one under the other: {@code new VBox(controls, output)}. */
public final class VBox extends Box {
    public VBox(Widget... children) {
        super("VBoxModel", "VBoxView", List.of(children));
    }
}
