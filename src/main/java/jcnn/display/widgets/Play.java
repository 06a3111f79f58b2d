package jcnn.display.widgets;

import java.util.List;

/**
 * A play button that counts from {@code min} to {@code max}, one step every
 * {@code interval} milliseconds, in the browser; link it to a slider with
 * {@link Widgets#jslink} to animate it.
 */
public final class Play extends Control<Play> {
    public Play(int min, int max) {
        super("PlayModel", "PlayView", "DescriptionStyleModel");
        if (max < min) {
            throw new IllegalArgumentException("Play: expected min <= max but got min=" + min + ", max=" + max);
        }
        put("min", min);
        put("max", max);
        put("step", 1);
        put("value", min);
        put("interval", 100);
        put("playing", false);
        put("repeat", false);
        put("show_repeat", true);
    }

    public int value() {
        return intValue("value");
    }

    public Play value(int value) {
        set("value", Math.max(intValue("min"), Math.min(intValue("max"), value)));
        return this;
    }

    /** Milliseconds between two steps. */
    public Play interval(int millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("Play: expected an interval of 1 ms or more but got " + millis);
        }
        set("interval", millis);
        return this;
    }

    /** Starts counting again at {@code min} after {@code max}. */
    public Play repeat(boolean repeat) {
        set("repeat", repeat);
        return this;
    }

    @Override
    protected List<String> shownAttributes() {
        return List.of("value", "min", "max", "interval");
    }
}
