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
    /** Entry point of the child JVM: one blocked product, prints the kernel and a checksum. */
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
        assertEquals("scalar " + expected, output);
    }
}
