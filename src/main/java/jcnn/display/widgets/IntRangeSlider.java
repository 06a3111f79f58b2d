package jcnn.display.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.List;

/** A slider with two handles, for a range of whole numbers {@code [lower, upper]}. */
public final class IntRangeSlider extends Control<IntRangeSlider> {
    public IntRangeSlider(int min, int max) {
        super("IntRangeSliderModel", "IntRangeSliderView", "SliderStyleModel");
        if (max < min) {
            throw new IllegalArgumentException("IntRangeSlider: expected min <= max but got min=" + min + ", max=" + max);
        }
        put("min", min);
        put("max", max);
        put("step", 1);
        put("value", List.of(min, max));
        put("orientation", "horizontal");
        put("readout", true);
        put("readout_format", "d");
        put("continuous_update", true);
        put("behavior", "drag-tap");
    }

    public int lower() {
        return range()[0];
    }

    public int upper() {
        return range()[1];
    }

    private int[] range() {
        JsonElement v = json("value");
        JsonArray a = v.isJsonArray() ? v.getAsJsonArray() : new JsonArray();
        return a.size() == 2 ? new int[] {a.get(0).getAsInt(), a.get(1).getAsInt()} : new int[] {0, 0};
    }

    /** Sets the range; {@code lower <= upper}, both clamped to {@code [min, max]}. */
    public IntRangeSlider value(int lower, int upper) {
        if (upper < lower) {
            throw new IllegalArgumentException("IntRangeSlider: expected lower <= upper but got " + lower + ", " + upper);
        }
        int min = intValue("min");
        int max = intValue("max");
        set("value", List.of(Math.max(min, lower), Math.min(max, upper)));
        return this;
    }

    @Override
    protected List<String> shownAttributes() {
        return List.of("value", "min", "max", "description");
    }
}
