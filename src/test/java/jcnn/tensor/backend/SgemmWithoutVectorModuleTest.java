package jcnn.tensor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Without {@code --add-modules jdk.incubator.vector} the scalar kernel runs, with no linkage error. */
class SgemmWithoutVectorModuleTest {
    /**
     * Entry point of the child JVM: one blocked product, prints the kernel and a checksum; then the
     * convolution paths with their own kernels against im2col.
     */
    public static void main(String[] args) {
        int n = 70;
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = (i % 7) - 3;
            b[i] = (i % 5) - 2;
        }
        Sgemm.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        double sum = 0;
        for (float v : c) {
            sum += v;
        }
        System.out.println(Sgemm.kernelName() + " " + (long) sum);
        System.out.println("conv " + ConvKernels.kernelName() + " " + convolutionPathsAgree());
    }

    /**
     * The lecture's second convolution (batch 4) and its first, by the automatic rule (Winograd
     * F(2x2) and F(3x3, 2x2), direct correlations for the first one's weight gradient) and by
     * im2col: "agree" when every output and gradient is within 1e-3 of max(1, |im2col's|).
     */
    private static String convolutionPathsAgree() {
        java.util.Random r = new java.util.Random(5);
        int[][] shapes = {{4, 32, 14, 64}, {4, 1, 28, 32}};
        for (int[] s : shapes) {
            Convolution.Geometry g = new Convolution.Geometry(s[0], s[1], s[2], s[2], s[3], 3, 3, 1, 1, s[2], s[2]);
            float[] x = random(r, s[0] * s[1] * s[2] * s[2]);
            float[] w = random(r, s[3] * s[1] * 9);
            float[] dy = random(r, s[0] * s[3] * s[2] * s[2]);
            float[][] results = new float[2][];
            for (Convolution.Algorithm a : new Convolution.Algorithm[] {Convolution.Algorithm.AUTO, Convolution.Algorithm.IM2COL}) {
                Convolution.setAlgorithm(a);
                float[] y = new float[dy.length];
                float[] dx = new float[x.length];
                float[] dw = new float[w.length];
                Convolution.forward(g, x, w, null, y);
                Convolution.backward(g, x, w, dy, dx, dw, null);
                float[] all = new float[y.length + dx.length + dw.length];
                System.arraycopy(y, 0, all, 0, y.length);
                System.arraycopy(dx, 0, all, y.length, dx.length);
                System.arraycopy(dw, 0, all, y.length + dx.length, dw.length);
                results[a == Convolution.Algorithm.AUTO ? 0 : 1] = all;
            }
            Convolution.setAlgorithm(Convolution.Algorithm.AUTO);
            for (int i = 0; i < results[0].length; i++) {
                if (!(Math.abs(results[0][i] - results[1][i]) <= 1e-3 * Math.max(1, Math.abs(results[1][i])))) {
                    return "differ at " + i + " of " + java.util.Arrays.toString(s) + ": " + results[0][i] + " vs " + results[1][i];
                }
            }
        }
        return "agree";
    }

    private static float[] random(java.util.Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void scalarKernelIsUsedWhenTheModuleIsAbsent() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SgemmWithoutVectorModuleTest.class.getName()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.exitValue(), output);
        // the same product computed here with exact integer arithmetic
        int n = 70;
        long expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < n; p++) {
                    expected += (long) (((i * n + p) % 7) - 3) * (((p * n + j) % 5) - 2);
                }
            }
        }
        // and the convolution paths that have Vector API kernels run their scalar loops, right
        assertEquals("scalar " + expected + "\nconv scalar agree", output);
    }
}
