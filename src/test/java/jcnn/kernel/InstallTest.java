package jcnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallTest {
    @TempDir
    Path temp;

    @Test
    void installWritesKernelJsonFromTheTemplateAndCopiesTheJar() throws Exception {
        Path jar = Files.writeString(temp.resolve("built.jar"), "not really a jar");
        KernelSpecs.Options options = KernelSpecs.parse("install",
                new String[] {"--prefix", temp.resolve("env").toString(), "--jvm-arg", "-Xmx2g", "--jvm-arg=-Dx=1"}, true);
        Path dir = Install.install(options, jar);

        assertEquals(temp.resolve("env/share/jupyter/kernels/jcnn").toAbsolutePath(), dir);
        assertEquals("not really a jar", Files.readString(dir.resolve("jcnn.jar")));
        JsonObject spec = JsonParser.parseString(Files.readString(dir.resolve("kernel.json"))).getAsJsonObject();
        JsonObject template = JsonParser.parseString(Files.readString(Path.of("kernel.json"))).getAsJsonObject();
        List<String> argv = spec.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList();
        List<String> expected = new java.util.ArrayList<>(
                template.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList());
        expected.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the user's options after the template's (the JVM takes the last of a repeated option)
        expected.addAll(expected.indexOf("-jar"), List.of("-Xmx2g", "-Dx=1"));
        if (Install.sigintResetWorks()) {
            expected.addAll(0, Install.SIGINT_RESET);
        }
        assertEquals(expected, argv);
        String java = argv.get(Install.javaIndex(argv));
        assertTrue(Path.of(java).isAbsolute() && Files.isExecutable(Path.of(java)), "the running java: " + argv);
        assertTrue(argv.contains("{resource_dir}/jcnn.jar"));
        assertEquals("{connection_file}", argv.get(argv.size() - 1));
        assertEquals("message", spec.get("interrupt_mode").getAsString());
        assertEquals("java", spec.get("language").getAsString());

        assertTrue(Uninstall.uninstall(dir));
        assertFalse(Files.exists(dir));
        assertFalse(Uninstall.uninstall(dir));
    }

    /**
     * The template compiles the Vector API kernels early (until C2 has them, every vector is an
     * object: gigabytes of garbage in the first seconds of training). Its class pattern must cover
     * every class that uses the Vector API, or a new kernel class would warm up slowly again.
     */
    @Test
    void theTemplatesEarlyCompilationCoversEveryVectorApiClass() throws Exception {
        JsonObject template = JsonParser.parseString(Files.readString(Path.of("kernel.json"))).getAsJsonObject();
        String prefix = "-XX:CompileCommand=CompileThresholdScaling,";
        List<String> patterns = template.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString())
                .filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length()).split(",")[0]).toList();
        assertEquals(1, patterns.size(), "one CompileThresholdScaling in kernel.json: " + patterns);
        // "pkg/Prefix*.*": classes of that package whose simple name starts with Prefix
        String pattern = patterns.get(0);
        assertTrue(pattern.endsWith("*.*"), pattern);
        String classPrefix = pattern.substring(0, pattern.length() - 3).replace('/', '.');
        List<String> users;
        try (var files = Files.walk(Path.of("src/main/java"))) {
            users = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return Files.readString(f).contains("\nimport jdk.incubator.vector.");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(f -> Path.of("src/main/java").relativize(f).toString().replace(java.io.File.separatorChar, '.')
                    .replaceAll("\\.java$", "")).toList();
        }
        assertFalse(users.isEmpty(), "no class imports jdk.incubator.vector: the scan is broken");
        for (String c : users) {
            assertTrue(c.startsWith(classPrefix), c + " uses the Vector API but kernel.json's pattern " + pattern
                    + " does not cover it: name it Vector..., or widen the pattern");
        }
    }

    @Test
    void optionsNameTheLocationAndRejectMistakes() {
        KernelSpecs.Options named = KernelSpecs.parse("install", new String[] {"--prefix=/opt/j", "--name", "jcnn-25"}, true);
        assertEquals(Path.of("/opt/j/share/jupyter/kernels/jcnn-25"), named.kernelDir());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> KernelSpecs.parse("install", new String[] {"--name", "my kernel"}, true)).getMessage().contains("may only contain"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> KernelSpecs.parse("install", new String[] {"--prefx", "/x"}, true)).getMessage().contains("unknown option '--prefx'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> KernelSpecs.parse("install", new String[] {"--prefix"}, true)).getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> KernelSpecs.parse("uninstall", new String[] {"--jvm-arg", "-Xmx1g"}, false)).getMessage().contains("install option"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> KernelSpecs.parse("uninstall", new String[] {"--java", "java"}, false)).getMessage().contains("install option"));
        String noJava = assertThrows(IllegalArgumentException.class, () -> KernelSpecs.parse("install",
                new String[] {"--java", temp.resolve("jdk/bin/java").toString()}, true)).getMessage();
        assertTrue(noJava.contains("--java " + temp.resolve("jdk/bin/java") + " is not an executable file"), noJava);
    }

    @Test
    void javaOptionReplacesTheRunningJavaAndTheJarArgumentUsesThePlatformsSeparator() throws Exception {
        KernelSpecs.Options options = KernelSpecs.parse("install", new String[] {"--prefix", temp.toString(), "--java", "java"}, true);
        List<String> argv = Install.kernelJson(options).getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList();
        assertEquals("java", argv.get(Install.javaIndex(argv)));
        assertEquals("{resource_dir}\\jcnn.jar", Install.jarArgument(true));
        assertEquals("{resource_dir}/jcnn.jar", Install.jarArgument(false));
    }

    @Test
    void javaIndexSkipsAnEnvPrefix() {
        assertEquals(0, Install.javaIndex(List.of("/usr/bin/java", "-jar", "x.jar")));
        assertEquals(2, Install.javaIndex(List.of("/usr/bin/env", "--default-signal=INT", "java", "-jar", "x.jar")));
        assertEquals(3, Install.javaIndex(List.of("env", "-i", "A=1", "/opt/jdk/bin/java", "-Xmx1g")));
    }

    /**
     * On Linux the kernelspec starts java with SIGINT back to its default, also when the frontend
     * that starts it ignores SIGINT (started with nohup or in a script's background): a JVM that
     * inherits SIGINT as ignored installs no handler, and the kernel could not be interrupted by
     * a signal. Shown on the signal mask of a process started like the kernel: with the reset
     * SIGINT is not ignored; without it (the check failing), it is.
     */
    @Test
    void onLinuxTheKernelStartsWithSigintHandledEvenWhenItsFrontendIgnoresIt() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && Files.isExecutable(Path.of("/bin/sh")), "Linux only");
        assumeTrue(Install.sigintResetWorks(), "no env --default-signal here (coreutils before 8.31)");
        KernelSpecs.Options options = KernelSpecs.parse("install", new String[] {"--prefix", temp.toString()}, true);
        List<String> argv = Install.kernelJson(options).getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList();
        List<String> launcher = argv.subList(0, Install.javaIndex(argv));
        assertEquals(Install.SIGINT_RESET, launcher);
        assertTrue(sigintIgnored(List.of()), "the frontend's SIGINT ignored reaches a plain child");
        assertFalse(sigintIgnored(launcher), "the kernelspec's launcher resets SIGINT");
    }

    /** Whether a process started as {@code launcher cat /proc/self/status} from a shell that ignores SIGINT has it ignored. */
    private static boolean sigintIgnored(List<String> launcher) throws Exception {
        String command = "trap '' INT; exec " + String.join(" ", launcher) + " cat /proc/self/status";
        Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        String status = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), status);
        String mask = status.lines().filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).trim();
        return (Long.parseUnsignedLong(mask, 16) & (1L << (2 - 1))) != 0;   // SIGINT is signal 2
    }

    @Test
    void sysPrefixIsTheEnvironmentOfTheJupyterOnPath() throws Exception {
        assumeFalse(KernelSpecs.windows(), "uses a shell script as a stand-in for jupyter");
        Path env = temp.resolve("venv");
        Path bin = Files.createDirectories(env.resolve("bin"));
        fakeJupyter(bin, "[\"/home/u/.local/share/jupyter\", \"" + env.resolve("share/jupyter") + "\", \"/usr/share/jupyter\"]");
        Map<String, String> vars = Map.of("PATH", temp.resolve("empty") + java.io.File.pathSeparator + bin);
        KernelSpecs.Options options = KernelSpecs.parse("install", new String[] {"--sys-prefix"}, true, vars);
        assertEquals(env.resolve("share/jupyter/kernels/jcnn").toAbsolutePath(), options.kernelDir());
    }

    @Test
    void sysPrefixSaysWhatIsWrong() throws Exception {
        assumeFalse(KernelSpecs.windows(), "uses a shell script as a stand-in for jupyter");
        String none = assertThrows(IllegalStateException.class, () -> KernelSpecs.parse("install", new String[] {"--sys-prefix"},
                true, Map.of("PATH", temp.toString()))).getMessage();
        assertTrue(none.contains("no jupyter on PATH (" + temp + ")") && none.contains("--prefix DIR"), none);

        Path bin = Files.createDirectories(temp.resolve("odd/bin"));
        fakeJupyter(bin, "[\"/somewhere/else/share/jupyter\"]");
        String odd = assertThrows(IllegalStateException.class, () -> KernelSpecs.parse("install", new String[] {"--sys-prefix"},
                true, Map.of("PATH", bin.toString()))).getMessage();
        assertTrue(odd.contains(temp.resolve("odd/share/jupyter").toString()) && odd.contains("/somewhere/else/share/jupyter"), odd);
    }

    /** The real thing: a venv with Debian's Jupyter, the jupyter launcher pip would write, and Jupyter's kernel lookup. */
    @Test
    void sysPrefixInstallIsFoundByTheVenvsJupyter() throws Exception {
        assumeFalse(KernelSpecs.windows(), "Unix venv layout");
        Path venv = temp.resolve("venv");
        Process p = new ProcessBuilder("/usr/bin/python3", "-m", "venv", "--system-site-packages", "--without-pip", venv.toString())
                .redirectErrorStream(true).start();
        String made = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor() == 0, "skipped: /usr/bin/python3 -m venv failed (python3-venv missing?): " + made);
        Path jupyter = venv.resolve("bin/jupyter");
        Files.writeString(jupyter, "#!" + venv.resolve("bin/python3") + "\nimport sys\nfrom jupyter_core.command import main\nsys.exit(main())\n");
        jupyter.toFile().setExecutable(true);
        Process check = new ProcessBuilder(jupyter.toString(), "--version").redirectErrorStream(true).start();
        String version = new String(check.getInputStream().readAllBytes());
        assumeTrue(check.waitFor() == 0, "skipped: Debian's jupyter_core is missing (apt-get install jupyter-client): " + version);

        Map<String, String> vars = Map.of("PATH", venv.resolve("bin") + java.io.File.pathSeparator + "/usr/bin:/bin");
        KernelSpecs.Options options = KernelSpecs.parse("install", new String[] {"--sys-prefix", "--name", "jcnn-venv-test"}, true, vars);
        Path dir = Install.install(options, Files.writeString(temp.resolve("built.jar"), "jar"));
        assertEquals(venv.resolve("share/jupyter/kernels/jcnn-venv-test"), dir);
        // what Jupyter (notebook, lab, nbclient) asks when it lists kernels, run by the venv's Python
        Process list = new ProcessBuilder(venv.resolve("bin/python3").toString(), "-c", "import json; from jupyter_client.kernelspec"
                + " import KernelSpecManager; print(json.dumps(KernelSpecManager().find_kernel_specs()))")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String json = new String(list.getInputStream().readAllBytes());
        assertEquals(0, list.waitFor(), json);
        JsonObject specs = JsonParser.parseString(json).getAsJsonObject();
        assertTrue(specs.has("jcnn-venv-test"), "the venv's Jupyter does not find the kernel: " + json);
        assertEquals(dir.toRealPath(), Path.of(specs.get("jcnn-venv-test").getAsString()).toRealPath());
    }

    static void fakeJupyter(Path bin, String dataJson) throws Exception {
        Path jupyter = bin.resolve("jupyter");
        Files.writeString(jupyter, "#!/bin/sh\nprintf '%s\\n' '{\"runtime\": [], \"config\": [], \"data\": " + dataJson + "}'\n");
        jupyter.toFile().setExecutable(true);
    }
}
