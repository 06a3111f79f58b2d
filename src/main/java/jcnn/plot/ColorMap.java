package jcnn.plot;

import java.awt.Color;

/**
 * How values become colours in a pixel grid. The value range {@code [low, high]} is mapped to
 * {@code t} in {@code [0, 1]} first; NaN is drawn magenta so that it cannot be mistaken for data.
 */
public enum ColorMap {
    /** Black (low) to white (high): images and non-negative activations (after ReLU). */
    GREY,
    /** Blue (negative) through white (zero) to red (positive), symmetric about zero: weights and raw scores. */
    DIVERGING,
    /** Dark purple through green to yellow (perceptually uniform, like matplotlib's viridis). */
    VIRIDIS;

    private static final int[] VIRIDIS_ANCHORS = {0x440154, 0x482878, 0x3E4989, 0x31688E, 0x26828E,
        0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725};
    private static final int NAN = 0xFF00FF;

    /** The RGB colour (0xRRGGBB) for position {@code t} in [0, 1] (clamped); NaN gives magenta. */
    public int rgb(double t) {
        if (Double.isNaN(t)) {
            return NAN;
        }
        t = Math.max(0, Math.min(1, t));
        switch (this) {
            case GREY -> {
                int v = (int) Math.round(t * 255);
                return v << 16 | v << 8 | v;
            }
            case DIVERGING -> {
                // blue (33, 102, 172) -> white -> red (178, 24, 43), as in ColorBrewer's RdBu
                if (t < 0.5) {
                    return mix(0x2166AC, 0xFFFFFF, t / 0.5);
                }
                return mix(0xFFFFFF, 0xB2182B, (t - 0.5) / 0.5);
            }
            case VIRIDIS -> {
                double pos = t * (VIRIDIS_ANCHORS.length - 1);
                int i = Math.min((int) pos, VIRIDIS_ANCHORS.length - 2);
                return mix(VIRIDIS_ANCHORS[i], VIRIDIS_ANCHORS[i + 1], pos - i);
            }
            default -> throw new IllegalStateException(name());
        }
    }

    /** The colour for position {@code t} as an AWT colour. */
    public Color color(double t) {
        return new Color(rgb(t));
    }

    private static int mix(int a, int b, double f) {
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return r << 16 | g << 8 | bl;
    }
}
