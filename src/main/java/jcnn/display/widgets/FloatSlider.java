package jcnn.display.widgets;

import java.util.List;

/** A slider over real numbers: {@code new FloatSlider(0, 1).step(0.05).value(0.5).description("dropout")}. */
public final class FloatSlider extends Control<FloatSlider> {
    public FloatSlider(double min, double max) {
        super("FloatSliderModel", "FloatSliderView", "SliderStyleModel");
        if (!(max >= min)) {
            throw new IllegalArgumentException("FloatSlider: expected min <= max but got min=" + min + ", max=" + max);
        }
        put("min", min);
        put("max", max);
        put("step", 0.1);
        put("value", min);
        put("orientation", "horizontal");
        put("readout", true);
        put("readout_format", ".2f");
        put("continuous_update", true);
        put("behavior", "drag-tap");
    }

    public double value() {
        return doubleValue("value");
    }

    public FloatSlider value(double value) {
        set("value", Math.max(doubleValue("min"), Math.min(doubleValue("max"), value)));
        return this;
    }

    public FloatSlider step(double step) {
        if (!(step > 0)) {
            throw new IllegalArgumentException("FloatSlider: expected a step above 0 but got " + step);
        }
        set("step", step);
        return this;
    }

    /** The readout's format in d3 notation, e.g. {@code ".3f"}. */
    public FloatSlider readoutFormat(String format) {
        set("readout_format", format);
        return this;
    }

    @Override
    protected List<String> shownAttributes() {
        return List.of("value", "min", "max", "description");
    }
}
