package jcnn.bench;

import java.util.Arrays;

/** Small statistics helpers for the benchmarks. */
final class Stats {
    private Stats() {
    }

    /** Median of the values (mean of the middle two for an even count); NaN when empty. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
