package jcnn.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where kernelspecs live, as {@code jupyter kernelspec install} puts them, and the options
 * {@code install} and {@code uninstall} share:
 * <pre>
 *   --user (default)  the user's Jupyter data dir: ~/.local/share/jupyter (Linux),
 *                     ~/Library/Jupyter (macOS), %APPDATA%\jupyter (Windows); $JUPYTER_DATA_DIR wins
 *   --sys-prefix      the environment (venv, conda) of the jupyter on PATH: its sys.prefix + /share/jupyter
 *   --prefix P        P/share/jupyter/kernels
 *   --name N          the kernel's name (default jcnn)
 *   --jvm-arg A       an extra JVM argument in argv (install only; repeatable)
 *   --java J          the java executable in argv (install only; default: the one running now)
 * </pre>
 * The environment ({@code PATH}, {@code APPDATA} ...) is passed in, so tests can give their own.
 */
final class KernelSpecs {
    static final String DEFAULT_NAME = "jcnn";

    /** Parsed command line: where, which name, which extra JVM arguments, which java. */
    record Options(Path kernelsDir, String name, List<String> jvmArgs, String java) {
        Path kernelDir() {
            return kernelsDir.resolve(name);
        }
    }

    private KernelSpecs() {
    }

    static Options parse(String command, String[] args, boolean install) {
        return parse(command, args, install, System.getenv());
    }

    /**
     * Parses the options.
     *
     * @throws IllegalArgumentException naming the bad option and what is accepted
     * @throws IllegalStateException    if --sys-prefix cannot find the environment (says why and what to do)
     */
    static Options parse(String command, String[] args, boolean install, Map<String, String> env) {
        String where = "--user";
        Path prefix = null;
        String name = DEFAULT_NAME;
        String java = runningJava().toString();
        List<String> jvmArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String inlineValue = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                inlineValue = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--user", "--sys-prefix" -> where = a;
                case "--prefix" -> {
                    where = a;
                    prefix = Path.of(inlineValue != null ? inlineValue : value(command, args, ++i, a));
                }
                case "--name" -> name = inlineValue != null ? inlineValue : value(command, args, ++i, a);
                case "--jvm-arg", "--java" -> {
                    if (!install) {
                        throw new IllegalArgumentException(command + ": " + a + " is an install option");
                    }
                    String v = inlineValue != null ? inlineValue : value(command, args, ++i, a);
                    if (a.equals("--java")) {
                        java = v;
                    } else {
                        jvmArgs.add(v);
                    }
                }
                default -> throw new IllegalArgumentException(command + ": unknown option '" + args[i] + "'; expected "
                        + "[--user | --sys-prefix | --prefix P] [--name N]" + (install ? " [--jvm-arg A]... [--java J]" : ""));
            }
        }
        if (Path.of(java).isAbsolute() && !Files.isExecutable(Path.of(java))) {
            throw new IllegalArgumentException(command + ": --java " + java + " is not an executable file; give the java of a"
                    + " JDK 17+, e.g. --java /usr/lib/jvm/java-17-openjdk-amd64/bin/java, or --java java for the one on PATH");
        }
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(command + ": kernel name '" + name
                    + "' may only contain letters, digits, '.', '_' and '-' (Jupyter's rule), e.g. --name jcnn-jdk25");
        }
        Path kernels = switch (where) {
            case "--prefix" -> prefix.resolve("share").resolve("jupyter").resolve("kernels");
            case "--sys-prefix" -> sysPrefix(env).resolve("share").resolve("jupyter").resolve("kernels");
            default -> userDataDir(env).resolve("kernels");
        };
        return new Options(kernels.toAbsolutePath().normalize(), name, List.copyOf(jvmArgs), java);
    }

    private static String value(String command, String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(command + ": " + option + " needs a value, e.g. " + option + " " + switch (option) {
                case "--prefix" -> "/opt/jupyter";
                case "--name" -> "jcnn";
                case "--java" -> "/usr/lib/jvm/java-17-openjdk-amd64/bin/java";
                default -> "-Xmx4g";
            });
        }
        return args[i];
    }

    static boolean windows() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win");
    }

    /** The java executable of the running JVM ({@code java.home/bin/java}, {@code java.exe} on Windows). */
    static Path runningJava() {
        return Path.of(System.getProperty("java.home"), "bin", windows() ? "java.exe" : "java");
    }

    /** Jupyter's user data dir: $JUPYTER_DATA_DIR, else the platform's default (jupyter_core's rules). */
    static Path userDataDir(Map<String, String> env) {
        String override = env.get("JUPYTER_DATA_DIR");
        if (override != null && !override.isEmpty()) {
            return Path.of(override);
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Jupyter");
        }
        if (os.contains("win")) {
            String appData = env.get("APPDATA");
            return (appData != null ? Path.of(appData) : home).resolve("jupyter");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg != null && !xdg.isEmpty() ? Path.of(xdg) : home.resolve(".local").resolve("share")).resolve("jupyter");
    }

    /**
     * {@code sys.prefix} of the environment Jupyter runs in: of $JCNN_PYTHON if set, else of the
     * {@code jupyter} on PATH, which lives in {@code PREFIX/bin} (venv, conda, Debian's /usr) or
     * {@code PREFIX\Scripts} (Windows), confirmed by {@code PREFIX/share/jupyter} being one of its
     * data paths ({@code jupyter --paths --json}).
     *
     * @throws IllegalStateException saying what was looked at and which option to use instead
     */
    static Path sysPrefix(Map<String, String> env) {
        String python = env.get("JCNN_PYTHON");
        if (python != null && !python.isEmpty()) {
            return pythonSysPrefix(python);
        }
        Path jupyter = which("jupyter", env);
        if (jupyter == null) {
            throw new IllegalStateException("--sys-prefix installs into the environment of the jupyter on PATH, but there is"
                    + " no jupyter on PATH (" + env.getOrDefault("PATH", env.getOrDefault("Path", "")) + "); activate the venv or"
                    + " conda environment that has Jupyter first, or use --user or --prefix DIR");
        }
        Path prefix = jupyter.toAbsolutePath().getParent().getParent();
        List<Path> data = jupyterDataDirs(jupyter);
        Path expected = prefix.resolve("share").resolve("jupyter").normalize();
        if (!data.contains(expected)) {
            throw new IllegalStateException("--sys-prefix: " + jupyter + " suggests the environment " + prefix
                    + ", but its data paths (jupyter --paths) are " + data + ", without " + expected
                    + "; use --prefix with the parent of share/jupyter of one of them, or set JCNN_PYTHON to the Python"
                    + " that runs Jupyter");
        }
        return prefix;
    }

    /** The first {@code program} on PATH ({@code program.exe}, {@code .cmd}, {@code .bat} too on Windows), or null. */
    static Path which(String program, Map<String, String> env) {
        String path = env.getOrDefault("PATH", env.get("Path"));
        if (path == null) {
            return null;
        }
        List<String> names = windows() ? List.of(program + ".exe", program + ".cmd", program + ".bat", program) : List.of(program);
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String n : names) {
                Path p;
                try {
                    p = Path.of(dir, n);
                } catch (java.nio.file.InvalidPathException e) {
                    continue;
                }
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** The data directories {@code jupyter --paths --json} lists (where kernelspecs are looked for), in order. */
    static List<Path> jupyterDataDirs(Path jupyter) {
        String out = run(List.of(jupyter.toString(), "--paths", "--json"), "jupyter --paths --json");
        List<Path> dirs = new ArrayList<>();
        try {
            for (JsonElement e : JsonParser.parseString(out).getAsJsonObject().getAsJsonArray("data")) {
                dirs.add(Path.of(e.getAsString()).toAbsolutePath().normalize());
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException(jupyter + " --paths --json did not print Jupyter's paths as JSON: " + out.strip(), e);
        }
        return dirs;
    }

    private static Path pythonSysPrefix(String python) {
        return Path.of(run(List.of(python, "-c", "import sys; print(sys.prefix)"), python + " (JCNN_PYTHON)").strip());
    }

    /** Runs a short command and returns its standard output; throws with its output when it fails. */
    static String run(List<String> command, String what) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within 60 s");
            }
            if (p.exitValue() != 0 || out.isBlank()) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(what + " cannot run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        }
    }
}
