package jcnn.display.widgets;

import java.util.List;

/** A row of buttons of which one is pressed: {@code new ToggleButtons("max", "average")}. */
public final class ToggleButtons extends Selection<ToggleButtons> {
    public ToggleButtons(String... options) {
        this(List.of(options));
    }

    public ToggleButtons(List<String> options) {
        super("ToggleButtonsModel", "ToggleButtonsView", "ToggleButtonsStyleModel", options);
        put("button_style", "");
        put("icons", List.of());
        put("tooltips", List.of());
    }
}
