package jcnn.tensor.backend;

/**
 * Unfolds one image's receptive fields into columns (im2col) and folds gradients back (col2im).
 *
 * <p>For an image {@code (C, H, W)}, kernel {@code kH x kW}, stride S and zero padding P, the
 * column matrix has {@code K = C*kH*kW} rows and {@code H_out*W_out} columns:
 * <pre>
 *   cols[(c*kH + u)*kW + v][i*W_out + j] = x[c][i*S + u - P][j*S + v - P]   (0 outside the image)
 * </pre>
 * so convolution becomes the GEMM {@code y (C_out, H_out*W_out) = w (C_out, K) x cols}.
 */
public final class Im2col {
    private Im2col() {
    }

    /**
     * Writes the {@code (C*kH*kW, H_out*W_out)} column matrix of image {@code x[xOff ..]} into
     * {@code cols[colsOff ..]}, its rows {@code ld} floats apart ({@code ld >= H_out*W_out}), so
     * the columns of several images can sit side by side in one wider matrix (one GEMM for a
     * batch chunk).
     */
    public static void im2col(float[] x, int xOff, int channels, int height, int width,
                              int kernelHeight, int kernelWidth, int stride, int padding,
                              int outHeight, int outWidth, float[] cols, int colsOff, int ld) {
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = xOff + c * height * width;
            for (int u = 0; u < kernelHeight; u++) {
                for (int v = 0; v < kernelWidth; v++, row++) {
                    int dst = colsOff + row * ld;
                    int jFrom = firstInside(v, padding, stride, outWidth);
                    int jTo = endInside(v, padding, stride, width, outWidth);
                    for (int i = 0; i < outHeight; i++, dst += outWidth) {
                        int y = i * stride + u - padding;
                        if (y < 0 || y >= height || jFrom >= jTo) {
                            java.util.Arrays.fill(cols, dst, dst + outWidth, 0f);
                            continue;
                        }
                        for (int j = 0; j < jFrom; j++) {
                            cols[dst + j] = 0f;
                        }
                        int src = plane + y * width + v - padding;
                        if (stride == 1) {
                            System.arraycopy(x, src + jFrom, cols, dst + jFrom, jTo - jFrom);
                        } else {
                            for (int j = jFrom; j < jTo; j++) {
                                cols[dst + j] = x[src + j * stride];
                            }
                        }
                        for (int j = jTo; j < outWidth; j++) {
                            cols[dst + j] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * Adds the column gradients {@code dcols} (rows {@code ld} floats apart) back into the image
     * gradient {@code dx[dxOff ..]}: the adjoint of {@link #im2col}.
     */
    public static void col2im(float[] dcols, int colsOff, int ld, int channels, int height, int width,
                              int kernelHeight, int kernelWidth, int stride, int padding,
                              int outHeight, int outWidth, float[] dx, int dxOff) {
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = dxOff + c * height * width;
            for (int u = 0; u < kernelHeight; u++) {
                for (int v = 0; v < kernelWidth; v++, row++) {
                    int src = colsOff + row * ld;
                    int jFrom = firstInside(v, padding, stride, outWidth);
                    int jTo = endInside(v, padding, stride, width, outWidth);
                    for (int i = 0; i < outHeight; i++, src += outWidth) {
                        int y = i * stride + u - padding;
                        if (y < 0 || y >= height) {
                            continue;
                        }
                        int dst = plane + y * width + v - padding;
                        if (stride == 1) {   // unit stride: a loop the JIT vectorises
                            for (int j = jFrom; j < jTo; j++) {
                                dx[dst + j] += dcols[src + j];
                            }
                        } else {
                            for (int j = jFrom; j < jTo; j++) {
                                dx[dst + j * stride] += dcols[src + j];
                            }
                        }
                    }
                }
            }
        }
    }

    /** First output column j with {@code j*S + v - P >= 0}. */
    static int firstInside(int v, int padding, int stride, int outWidth) {
        int need = padding - v;
        if (need <= 0) {
            return 0;
        }
        return Math.min(outWidth, (need + stride - 1) / stride);
    }

    /** One past the last output column j with {@code j*S + v - P < width}. */
    static int endInside(int v, int padding, int stride, int width, int outWidth) {
        int limit = width - 1 + padding - v;
        if (limit < 0) {
            return 0;
        }
        return Math.min(outWidth, limit / stride + 1);
    }
}
