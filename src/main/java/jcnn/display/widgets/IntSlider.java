package jcnn.display.widgets;

import java.util.List;

/**
 * A slider over whole numbers: {@code new IntSlider(1, 7).value(3).description("kernel size")}.
 * Values set from Java are clamped to {@code [min, max]}, as the frontend does.
 */
public final class IntSlider extends Control<IntSlider> {
    /** A slider from {@code min} to {@code max}, step 1, starting at {@code min}. */
    public IntSlider(int min, int max) {
        super("IntSliderModel", "IntSliderView", "SliderStyleModel");
        if (max < min) {
            throw new IllegalArgumentException("IntSlider: expected min <= max but got min=" + min + ", max=" + max
                    + "; swap them");
        }
        put("min", min);
        put("max", max);
        put("step", 1);
        put("value", min);
        put("orientation", "horizontal");
        put("readout", true);
        put("readout_format", "d");
        put("continuous_update", true);
        put("behavior", "drag-tap");
    }

    public int value() {
        return intValue("value");
    }

    public IntSlider value(int value) {
        set("value", Math.max(min(), Math.min(max(), value)));
        return this;
    }

    public int min() {
        return intValue("min");
    }

    public int max() {
        return intValue("max");
    }

    /** The distance between two positions of the slider. */
    public IntSlider step(int step) {
        if (step <= 0) {
            throw new IllegalArgumentException("IntSlider: expected a step of 1 or more but got " + step);
        }
        set("step", step);
        return this;
    }

    /** False: the value is sent when the user lets go, not while dragging. */
    public IntSlider continuousUpdate(boolean continuous) {
        set("continuous_update", continuous);
        return this;
    }

    @Override
    protected List<String> shownAttributes() {
        return List.of("value", "min", "max", "description");
    }
}
