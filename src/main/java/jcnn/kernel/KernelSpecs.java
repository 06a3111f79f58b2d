package jcnn.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Where kernelspecs live, as {@code jupyter kernelspec install} puts them, and the options
 * {@code install} and {@code uninstall} share:
 * <pre>
 *   --user (default)  the user's Jupyter data dir, e.g. ~/.local/share/jupyter/kernels
 *   --sys-prefix      sys.prefix of python3 (/usr on Debian) + /share/jupyter/kernels
 *   --prefix P        P/share/jupyter/kernels
 *   --name N          the kernel's name (default jcnn)
 *   --jvm-arg A       an extra JVM argument in argv (install only; repeatable)
 * </pre>
 */
final class KernelSpecs {
    static final String DEFAULT_NAME = "jcnn";

    /** Parsed command line: where, which name, which extra JVM arguments. */
    record Options(Path kernelsDir, String name, List<String> jvmArgs) {
        Path kernelDir() {
            return kernelsDir.resolve(name);
        }
    }

    private KernelSpecs() {
    }

    /**
     * Parses the options.
     *
     * @throws IllegalArgumentException naming the bad option and what is accepted
     */
    static Options parse(String command, String[] args, boolean allowJvmArgs) {
        String where = "--user";
        Path prefix = null;
        String name = DEFAULT_NAME;
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
                case "--jvm-arg" -> {
                    if (!allowJvmArgs) {
                        throw new IllegalArgumentException(command + ": --jvm-arg is an install option");
                    }
                    jvmArgs.add(inlineValue != null ? inlineValue : value(command, args, ++i, a));
                }
                default -> throw new IllegalArgumentException(command + ": unknown option '" + args[i] + "'; expected "
                        + "[--user | --sys-prefix | --prefix P] [--name N]" + (allowJvmArgs ? " [--jvm-arg A]..." : ""));
            }
        }
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(command + ": kernel name '" + name
                    + "' may only contain letters, digits, '.', '_' and '-' (Jupyter's rule), e.g. --name jcnn-jdk25");
        }
        Path kernels = switch (where) {
            case "--prefix" -> prefix.resolve("share").resolve("jupyter").resolve("kernels");
            case "--sys-prefix" -> pythonSysPrefix().resolve("share").resolve("jupyter").resolve("kernels");
            default -> userDataDir().resolve("kernels");
        };
        return new Options(kernels.toAbsolutePath().normalize(), name, List.copyOf(jvmArgs));
    }

    private static String value(String command, String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(command + ": " + option + " needs a value, e.g. " + option + " "
                    + (option.equals("--prefix") ? "/opt/jupyter" : option.equals("--name") ? "jcnn" : "-Xmx4g"));
        }
        return args[i];
    }

    /** Jupyter's user data dir: $JUPYTER_DATA_DIR, else the platform's default (jupyter_core's rules). */
    static Path userDataDir() {
        String override = System.getenv("JUPYTER_DATA_DIR");
        if (override != null && !override.isEmpty()) {
            return Path.of(override);
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Jupyter");
        }
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData != null ? Path.of(appData) : home).resolve("jupyter");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isEmpty() ? Path.of(xdg) : home.resolve(".local").resolve("share")).resolve("jupyter");
    }

    /** {@code sys.prefix} of the Python that runs Jupyter ($JCNN_PYTHON, else /usr/bin/python3, else python3). */
    static Path pythonSysPrefix() {
        String python = System.getenv("JCNN_PYTHON");
        if (python == null || python.isEmpty()) {
            python = Path.of("/usr/bin/python3").toFile().canExecute() ? "/usr/bin/python3" : "python3";
        }
        try {
            Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.prefix)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException(python + " did not print sys.prefix: " + out);
            }
            return Path.of(out);
        } catch (IOException e) {
            throw new IllegalStateException("--sys-prefix needs Python to find sys.prefix, but '" + python
                    + "' cannot run (" + e.getMessage() + "); set JCNN_PYTHON or use --prefix P", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Python for sys.prefix", e);
        }
    }
}
