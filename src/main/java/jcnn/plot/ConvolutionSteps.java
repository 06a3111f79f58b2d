package jcnn.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * A worked 2-D convolution (cross-correlation, as CNNs compute it), step by step, for the
 * convolution notebooks: at output position {@code (i, j)} the kernel's window covers rows
 * {@code i*stride .. i*stride + kH - 1} and columns {@code j*stride .. j*stride + kW - 1} of the
 * zero-padded image, and the output is the sum of the element-wise products plus the bias.
 * Output size: {@code H_out = (H + 2*padding - kH) / stride + 1} (W_out likewise).
 *
 * <p>Lecture 2 example: the 5×5 image 11100/01110/00111/00110/01100 with the kernel
 * 101/010/101 gives 4 at position (0, 0) and {@code 4 3 4 / 2 4 3 / 2 3 4} in all:
 * <pre>{@code
 * Plots.convolutionSteps(image, kernel).at(0, 0)   // the window, the kernel, the sum = 4
 * }</pre>
 * The numbers are computed here with a direct loop in double, independently of the tensor engine.
 */
public final class ConvolutionSteps {
    private final double[][] image;
    private final double[][] kernel;
    private int stride = 1;
    private int padding;
    private double bias;

    ConvolutionSteps(double[][] image, double[][] kernel) {
        this.image = Plots.rectangular("convolutionSteps: image", image);
        this.kernel = Plots.rectangular("convolutionSteps: kernel", kernel);
        check();
    }

    /** The step between windows (default 1); returns this. */
    public ConvolutionSteps stride(int step) {
        if (step < 1) {
            throw new IllegalArgumentException("stride: expected at least 1 but got " + step);
        }
        this.stride = step;
        check();
        return this;
    }

    /** Zeros added around the image on every side (default 0); returns this. */
    public ConvolutionSteps padding(int zeros) {
        if (zeros < 0) {
            throw new IllegalArgumentException("padding: expected 0 or more but got " + zeros);
        }
        this.padding = zeros;
        check();
        return this;
    }

    /** The bias added to every output (default 0); returns this. */
    public ConvolutionSteps bias(double value) {
        this.bias = value;
        return this;
    }

    private void check() {
        int h = image.length + 2 * padding;
        int w = image[0].length + 2 * padding;
        if (kernel.length > h || kernel[0].length > w) {
            throw new IllegalArgumentException("convolutionSteps: the " + kernel.length + "x" + kernel[0].length
                    + " kernel is larger than the " + h + "x" + w + " (padded) image; use a smaller kernel or more padding");
        }
    }

    /** Output rows: {@code (H + 2*padding - kH) / stride + 1}. */
    public int rows() {
        return (image.length + 2 * padding - kernel.length) / stride + 1;
    }

    /** Output columns: {@code (W + 2*padding - kW) / stride + 1}. */
    public int cols() {
        return (image[0].length + 2 * padding - kernel[0].length) / stride + 1;
    }

    private double padded(int r, int c) {
        int ir = r - padding;
        int ic = c - padding;
        return ir < 0 || ic < 0 || ir >= image.length || ic >= image[0].length ? 0 : image[ir][ic];
    }

    /** The value at output position {@code (i, j)}: the window's products summed, plus the bias. */
    public double value(int i, int j) {
        checkPosition(i, j);
        double sum = bias;
        for (int a = 0; a < kernel.length; a++) {
            for (int b = 0; b < kernel[0].length; b++) {
                sum += padded(i * stride + a, j * stride + b) * kernel[a][b];
            }
        }
        return sum;
    }

    /** The whole output, {@code rows() × cols()}. */
    public double[][] output() {
        double[][] out = new double[rows()][cols()];
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < cols(); j++) {
                out[i][j] = value(i, j);
            }
        }
        return out;
    }

    private void checkPosition(int i, int j) {
        if (i < 0 || j < 0 || i >= rows() || j >= cols()) {
            throw new IndexOutOfBoundsException("convolutionSteps: output position (" + i + ", " + j + ") is outside the "
                    + rows() + "x" + cols() + " output; positions count from (0, 0)");
        }
    }

    /**
     * The step at output position {@code (i, j)}: the (padded) image with the window highlighted,
     * the kernel, the output filled in up to this position with it highlighted, and the sum
     * written out ({@code 1·1 + 1·0 + ... = 4}).
     *
     * @throws IndexOutOfBoundsException if {@code (i, j)} is outside the output
     */
    public MatrixView at(int i, int j) {
        checkPosition(i, j);
        int h = image.length + 2 * padding;
        int w = image[0].length + 2 * padding;
        double[][] shown = new double[h][w];
        int[][] marks = new int[h][w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                shown[r][c] = padded(r, c);
                boolean pad = r < padding || c < padding || r >= h - padding || c >= w - padding;
                boolean window = r >= i * stride && r < i * stride + kernel.length && c >= j * stride && c < j * stride + kernel[0].length;
                marks[r][c] = window ? 1 : pad ? 2 : 0;
            }
        }
        double[][] out = new double[rows()][cols()];
        int[][] outMarks = new int[rows()][cols()];
        for (int r = 0; r < rows(); r++) {
            for (int c = 0; c < cols(); c++) {
                boolean done = r < i || (r == i && c <= j);
                out[r][c] = done ? value(r, c) : 0;
                outMarks[r][c] = r == i && c == j ? 1 : done ? 0 : 3;
            }
        }
        StringBuilder sum = new StringBuilder();
        for (int a = 0; a < kernel.length; a++) {
            for (int b = 0; b < kernel[0].length; b++) {
                if (sum.length() > 0) {
                    sum.append(" + ");
                }
                sum.append(MatrixView.number(padded(i * stride + a, j * stride + b))).append('·').append(MatrixView.number(kernel[a][b]));
            }
        }
        if (bias != 0) {
            sum.append(" + ").append(MatrixView.number(bias)).append(" (bias)");
        }
        sum.append(" = ").append(MatrixView.number(value(i, j)));
        String name = padding > 0 ? "image (padding " + padding + ")" : "image";
        String what = String.format("convolution step (%d, %d) of a %dx%d output: %dx%d image, %dx%d kernel%s%s, output %s",
                i, j, rows(), cols(), image.length, image[0].length, kernel.length, kernel[0].length,
                stride != 1 ? ", stride " + stride : "", padding != 0 ? ", padding " + padding : "", MatrixView.number(value(i, j)));
        return new MatrixView("", what)
                .add(new MatrixView.Table(name, shown, marks))
                .operator("⊛")
                .add(new MatrixView.Table("kernel", copy(kernel), new int[kernel.length][kernel[0].length]))
                .operator("=")
                .add(new MatrixView.Table("output", out, outMarks))
                .caption("(" + i + ", " + j + "): " + sum);
    }

    /** Every step, in reading order: {@code at(0, 0), at(0, 1), ...}. */
    public List<MatrixView> steps() {
        List<MatrixView> list = new ArrayList<>();
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < cols(); j++) {
                list.add(at(i, j));
            }
        }
        return list;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            c[r] = m[r].clone();
        }
        return c;
    }
}
