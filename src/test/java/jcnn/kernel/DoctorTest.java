package jcnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorTest {
    @TempDir
    Path temp;

    @Test
    void jupyterLineForAPresentAndAMissingJupyter() throws Exception {
        assumeFalse(KernelSpecs.windows(), "uses a shell script as a stand-in for jupyter");
        Path bin = Files.createDirectories(temp.resolve("bin"));
        InstallTest.fakeJupyter(bin, "[]");
        Map<String, String> with = Map.of("PATH", bin.toString());
        Doctor.Check present = Doctor.jupyter(KernelSpecs.which("jupyter", with), with);
        assertEquals("  ok       Jupyter       " + bin.resolve("jupyter"), present.format());

        Map<String, String> without = Map.of("PATH", temp.resolve("nothing").toString());
        Doctor.Check missing = Doctor.jupyter(KernelSpecs.which("jupyter", without), without);
        assertEquals(Doctor.Status.MISSING, missing.status());
        String[] lines = missing.format().split("\n");
        assertEquals("  MISSING  Jupyter       no jupyter on PATH (" + temp.resolve("nothing") + ")", lines[0]);
        assertTrue(lines[1].matches(" {25}fix: pip install jupyterlab .*"), lines[1]);
    }

    @Test
    void kernelspecLineSaysWhetherItRunsThisJar() throws Exception {
        Path jar = Files.writeString(temp.resolve("jcnn.jar"), "this build");
        Path data = temp.resolve("env/share/jupyter");
        Map<String, String> env = Map.of("PATH", "");

        Doctor.Check missing = Doctor.kernelspec("jcnn", List.of(data), jar, env);
        assertEquals(Doctor.Status.MISSING, missing.status());
        assertTrue(missing.format().startsWith("  MISSING  kernelspec    no kernelspec 'jcnn' in [" + data.resolve("kernels") + "]"),
                missing.format());
        assertTrue(missing.format().contains("fix: java -jar jcnn.jar install"), missing.format());

        KernelSpecs.Options options = KernelSpecs.parse("install", new String[] {"--prefix", temp.resolve("env").toString()}, true, env);
        Path dir = Install.install(options, jar);
        Doctor.Check same = Doctor.kernelspec("jcnn", List.of(temp.resolve("elsewhere"), data), jar, env);
        assertEquals(Doctor.Status.OK, same.status(), same.format());
        assertTrue(same.detail().startsWith(dir + " (java " + KernelSpecs.runningJava() + ")") && same.detail().endsWith("a copy of this jar"),
                same.detail());

        Files.writeString(jar, "a newer build");
        Doctor.Check other = Doctor.kernelspec("jcnn", List.of(data), jar, env);
        assertEquals(Doctor.Status.WARN, other.status());
        assertTrue(other.detail().contains("runs a different build than " + jar), other.detail());

        Files.writeString(dir.resolve("kernel.json"), Files.readString(dir.resolve("kernel.json"))
                .replace(KernelSpecs.runningJava().toString().replace("\\", "\\\\"), temp.resolve("gone/bin/java").toString()));
        Doctor.Check gone = Doctor.kernelspec("jcnn", List.of(data), jar, env);
        assertEquals(Doctor.Status.MISSING, gone.status());
        assertTrue(gone.detail().contains("starts " + temp.resolve("gone/bin/java") + ", which does not exist"), gone.detail());
    }

    @Test
    void aKernelspecOnAnOldJavaIsMissing() throws Exception {
        assumeFalse(KernelSpecs.windows(), "uses a shell script as a stand-in for java");
        Path jar = Files.writeString(temp.resolve("jcnn.jar"), "this build");
        Path oldJava = temp.resolve("jdk11/bin/java");
        Files.createDirectories(oldJava.getParent());
        Files.writeString(oldJava, "#!/bin/sh\necho 'openjdk version \"11.0.21\" 2023-10-17' >&2\n");
        oldJava.toFile().setExecutable(true);
        Map<String, String> env = Map.of("PATH", "");
        KernelSpecs.Options options = KernelSpecs.parse("install",
                new String[] {"--prefix", temp.resolve("env").toString(), "--java", oldJava.toString()}, true, env);
        Install.install(options, jar);
        Doctor.Check check = Doctor.kernelspec("jcnn", List.of(temp.resolve("env/share/jupyter")), jar, env);
        assertEquals(Doctor.Status.MISSING, check.status(), check.format());
        assertTrue(check.detail().endsWith("starts " + oldJava + ", which is Java 11; jcnn needs 17 or newer"), check.detail());
        assertTrue(check.fix().endsWith("--java /path/to/jdk-17-or-newer/bin/java"), check.fix());
        assertEquals(8, Doctor.javaFeatureVersion(Files.writeString(oldJava, "#!/bin/sh\necho 'java version \"1.8.0_392\"' >&2\n")));
        assertEquals(Runtime.version().feature(), Doctor.javaFeatureVersion(KernelSpecs.runningJava()));
    }

    @Test
    void datasetLinesFollowJcnnData() throws Exception {
        Path root = temp.resolve("data");
        Path fashion = Files.createDirectories(root.resolve("fashion-mnist"));
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"}) {
            Files.writeString(fashion.resolve(f), "");
        }
        List<Doctor.Check> found = Doctor.datasets(Map.of("JCNN_DATA", root.toString()));
        assertEquals("  ok       Fashion-MNIST " + fashion, found.get(0).format());

        Files.delete(fashion.resolve("t10k-labels-idx1-ubyte"));
        Doctor.Check check = Doctor.datasets(Map.of("JCNN_DATA", root.toString())).get(0);
        if (check.status() != Doctor.Status.OK) { // the Debian package or ~/.jcnn may still provide it
            assertTrue(check.format().contains("not in [" + fashion + ", " + root), check.format());
            assertTrue(check.format().contains("fix: apt-get install dataset-fashion-mnist"), check.format());
        } else {
            assertTrue(!check.detail().startsWith(root.toString()), "a set with a missing file must not count: " + check.detail());
        }
    }

    @Test
    void javaVectorModuleAndFontsArePresentInTheTestJvm() {
        // surefire starts the tests with --add-modules jdk.incubator.vector and -Djava.awt.headless=true
        assertEquals("ok", Doctor.java().status().label);
        assertEquals("  ok       Vector API    jdk.incubator.vector is enabled: the fast GEMM kernel runs", Doctor.vectorModule().format());
        Doctor.Check fonts = Doctor.fonts();
        assertEquals(Doctor.Status.OK, fonts.status(), fonts.format());
    }
}
