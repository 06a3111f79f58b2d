package jcnn.tensor;

import java.util.Locale;

/**
 * Prints tensors the way the lecture writes matrices: values right-aligned in columns, one row
 * per line.
 *
 * <p>Number format, shared by every element so columns align: integers print without a decimal
 * point ({@code 4 3 4}); other values print with the fewest decimals (at most 4) that show all of
 * them ({@code 0.5 -1.25}); magnitudes of 10^6 and above or below 10^-4 switch to scientific
 * notation ({@code 1.2346e+07}). Rank 0 prints the bare value, rank 1 one row, rank 2 a matrix,
 * higher ranks each trailing matrix under its leading index, e.g. {@code [0, 1] =}.
 */
final class TensorFormat {
    private static final int MAX_ROW = 32;

    private TensorFormat() {
    }

    static String format(float[] data, int[] shape) {
        int rank = shape.length;
        int last = rank == 0 ? 1 : shape[rank - 1];
        if (data.length > Tensor.PRINT_LIMIT || last > MAX_ROW) {
            return summary(data, shape);
        }
        if (data.length == 0) {
            return "Tensor" + Shapes.toString(shape) + " (empty)";
        }
        String[] cells = cells(data);
        int width = 0;
        for (String c : cells) {
            width = Math.max(width, c.length());
        }
        StringBuilder sb = new StringBuilder();
        if (rank == 0) {
            return cells[0];
        }
        if (rank == 1) {
            appendRows(sb, cells, 0, 1, last, width);
            return sb.toString();
        }
        int rows = shape[rank - 2];
        int matrix = rows * last;
        int matrices = data.length / matrix;
        if (rank == 2) {
            appendRows(sb, cells, 0, rows, last, width);
            return sb.toString();
        }
        sb.append("Tensor").append(Shapes.toString(shape));
        int[] index = new int[rank - 2];
        for (int m = 0; m < matrices; m++) {
            sb.append("\n\n").append(indexLabel(index)).append(" =\n");
            appendRows(sb, cells, m * matrix, rows, last, width);
            increment(index, shape);
        }
        return sb.toString();
    }

    private static void appendRows(StringBuilder sb, String[] cells, int off, int rows, int cols, int width) {
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                sb.append('\n');
            }
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    sb.append(' ');
                }
                String s = cells[off + r * cols + c];
                sb.append(" ".repeat(width - s.length())).append(s);
            }
        }
    }

    private static String indexLabel(int[] index) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < index.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(index[i]);
        }
        return sb.append(']').toString();
    }

    private static void increment(int[] index, int[] shape) {
        for (int a = index.length - 1; a >= 0; a--) {
            if (++index[a] < shape[a]) {
                return;
            }
            index[a] = 0;
        }
    }

    /** Formats every value with one shared style so that columns line up. */
    static String[] cells(float[] data) {
        boolean integers = true;
        float maxAbs = 0f;
        float minAbsNonZero = Float.POSITIVE_INFINITY;
        for (float v : data) {
            if (!Float.isFinite(v)) {
                continue;
            }
            float a = Math.abs(v);
            maxAbs = Math.max(maxAbs, a);
            if (a > 0) {
                minAbsNonZero = Math.min(minAbsNonZero, a);
            }
            if (v != Math.rint(v)) {
                integers = false;
            }
        }
        String[] out = new String[data.length];
        if (integers && maxAbs < 1e9f) {
            for (int i = 0; i < data.length; i++) {
                float v = data[i];
                out[i] = Float.isFinite(v) ? Long.toString((long) v) : special(v);
            }
            return out;
        }
        boolean scientific = maxAbs >= 1e6f || minAbsNonZero < 1e-4f;
        if (scientific) {
            for (int i = 0; i < data.length; i++) {
                float v = data[i];
                out[i] = Float.isFinite(v) ? String.format(Locale.ROOT, "%.4e", v) : special(v);
            }
            return out;
        }
        int decimals = 0;
        for (float v : data) {
            if (Float.isFinite(v)) {
                decimals = Math.max(decimals, decimalsNeeded(v));
            }
        }
        String pattern = "%." + decimals + "f";
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            if (!Float.isFinite(v)) {
                out[i] = special(v);
            } else {
                String s = String.format(Locale.ROOT, pattern, v);
                out[i] = s.matches("-0\\.?0*") ? s.substring(1) : s;
            }
        }
        return out;
    }

    /** Decimals (0..4) needed to show v rounded to 4 decimals without trailing zeros. */
    private static int decimalsNeeded(float v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        int dot = s.indexOf('.');
        int end = s.length();
        while (end > dot + 1 && s.charAt(end - 1) == '0') {
            end--;
        }
        return end - dot - 1;
    }

    private static String special(float v) {
        return Float.isNaN(v) ? "NaN" : v > 0 ? "Inf" : "-Inf";
    }

    private static String summary(float[] data, int[] shape) {
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.toString(shape));
        if (data.length == 0) {
            return sb.append(" (empty)").toString();
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : data) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return sb.append(String.format(Locale.ROOT, ": %d values, min %.4g, max %.4g, mean %.4g",
                data.length, min, max, sum / data.length)).toString();
    }
}
