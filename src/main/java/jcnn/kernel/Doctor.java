package jcnn.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar jcnn.jar doctor [--name N]}: says what jcnn finds and what is missing, one
 * line per item, each missing one with the command that fixes it:
 * <pre>
 *   ok       Java         17.0.13 (Debian) at /usr/lib/jvm/java-17-openjdk-amd64/bin/java
 *   MISSING  Jupyter      no jupyter on PATH (/usr/local/bin:/usr/bin:/bin)
 *                         fix: pip install jupyterlab   (or conda install jupyterlab, apt-get install jupyter-notebook)
 * </pre>
 * Items: Java version, the {@code jdk.incubator.vector} module, {@code jupyter} on PATH, the
 * installed kernelspec (and whether it runs this jar and an existing java), the data sets, and
 * fonts for headless chart rendering. Exit status 1 if something is MISSING, else 0 (warnings
 * are for optional things).
 */
public final class Doctor {
    /** How an item stands. */
    enum Status {
        OK("ok"), WARN("warn"), MISSING("MISSING");

        final String label;

        Status(String label) {
            this.label = label;
        }
    }

    /** One line of the report: the item, its status, what was found, and the fix (empty when none is needed). */
    record Check(String item, Status status, String detail, String fix) {
        static Check ok(String item, String detail) {
            return new Check(item, Status.OK, detail, "");
        }

        /** {@code "  ok       Java          17.0.13 ..."}, and an indented {@code fix:} line when there is a fix. */
        String format() {
            String line = String.format("  %-8s %-13s %s", status.label, item, detail);
            return fix.isEmpty() ? line : line + "\n" + " ".repeat(25) + "fix: " + fix;
        }
    }

    private Doctor() {
    }

    public static void main(String[] args) {
        String name = KernelSpecs.DEFAULT_NAME;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--name") && i + 1 < args.length) {
                name = args[++i];
            } else if (args[i].startsWith("--name=")) {
                name = args[i].substring("--name=".length());
            } else {
                System.err.println("jcnn doctor: unknown argument '" + args[i] + "'; expected [--name N] (the kernel's name, default jcnn)");
                System.exit(2);
                return;
            }
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // as the kernel draws charts
        }
        Path jar = Install.runningJar();
        System.out.println("jcnn doctor: " + (jar != null ? jar : "running from classes, not a jar"));
        List<Check> checks = checks(System.getenv(), name, jar);
        long missing = checks.stream().filter(c -> c.status() == Status.MISSING).count();
        long warnings = checks.stream().filter(c -> c.status() == Status.WARN).count();
        for (Check c : checks) {
            System.out.println(c.format());
        }
        System.out.println(missing == 0 && warnings == 0 ? "Everything jcnn needs is here."
                : missing + " missing, " + warnings + " warning" + (warnings == 1 ? "" : "s") + "; the fix: lines say what to do.");
        System.exit(missing == 0 ? 0 : 1);
    }

    /** Every check, in the order printed. */
    static List<Check> checks(Map<String, String> env, String kernelName, Path jar) {
        List<Check> checks = new ArrayList<>();
        checks.add(java());
        checks.add(vectorModule());
        Path jupyter = KernelSpecs.which("jupyter", env);
        checks.add(jupyter(jupyter, env));
        checks.add(kernelspec(kernelName, kernelDirs(jupyter, env), jar, env));
        checks.addAll(datasets(env));
        checks.add(fonts());
        return checks;
    }

    static Check java() {
        Runtime.Version v = Runtime.version();
        String detail = v + " (" + System.getProperty("java.vendor") + ") at " + KernelSpecs.runningJava();
        if (v.feature() < 17) {
            // NOTE: unreachable from the jar (compiled for 17), kept for the classes-directory case
            return new Check("Java", Status.MISSING, detail + ", but jcnn needs 17 or newer",
                    "install a JDK 17+ (Temurin from adoptium.net, 'apt-get install openjdk-17-jdk', 'brew install openjdk@17')");
        }
        return Check.ok("Java", detail);
    }

    static Check vectorModule() {
        String module = "jdk.incubator.vector";
        if (ModuleLayer.boot().findModule(module).isPresent()) {
            return Check.ok("Vector API", module + " is enabled: the fast GEMM kernel runs");
        }
        if (ModuleFinder.ofSystem().find(module).isPresent()) {
            // NOTE: what matters is the kernel's JVM, which the kernelspec starts with the module
            return Check.ok("Vector API", module + " is in this JDK (the kernelspec enables it; for 'java -jar jcnn.jar run'"
                    + " add --add-modules " + module + ")");
        }
        return new Check("Vector API", Status.WARN, "this Java runtime has no " + module + " (a trimmed JRE?): training runs on"
                + " the slower scalar GEMM", "use a full JDK 17+, e.g. Temurin from adoptium.net");
    }

    static Check jupyter(Path jupyter, Map<String, String> env) {
        if (jupyter == null) {
            return new Check("Jupyter", Status.MISSING, "no jupyter on PATH (" + env.getOrDefault("PATH", env.getOrDefault("Path", ""))
                    + ")", "pip install jupyterlab (or conda install jupyterlab, apt-get install jupyter-notebook), or activate"
                    + " the venv/conda environment that has it");
        }
        return Check.ok("Jupyter", jupyter.toString());
    }

    /** Where Jupyter looks for kernels: {@code jupyter --paths}, else the user dir, $JUPYTER_PATH and the system dirs. */
    static List<Path> kernelDirs(Path jupyter, Map<String, String> env) {
        Set<Path> dirs = new LinkedHashSet<>();
        if (jupyter != null) {
            try {
                dirs.addAll(KernelSpecs.jupyterDataDirs(jupyter));
            } catch (IllegalStateException e) {
                // fall back to the defaults below
            }
        }
        if (dirs.isEmpty()) {
            String extra = env.get("JUPYTER_PATH");
            if (extra != null) {
                for (String d : extra.split(java.io.File.pathSeparator)) {
                    if (!d.isEmpty()) {
                        dirs.add(Path.of(d));
                    }
                }
            }
            dirs.add(KernelSpecs.userDataDir(env));
            if (KernelSpecs.windows()) {
                String programData = env.get("PROGRAMDATA");
                if (programData != null) {
                    dirs.add(Path.of(programData, "jupyter"));
                }
            } else {
                dirs.add(Path.of("/usr/local/share/jupyter"));
                dirs.add(Path.of("/usr/share/jupyter"));
            }
        }
        return List.copyOf(dirs);
    }

    /**
     * The first kernelspec {@code name} in {@code dataDirs} (their {@code kernels/name}): does its
     * java exist, and is its jar a copy of {@code jar} (same SHA-256)?
     */
    static Check kernelspec(String name, List<Path> dataDirs, Path jar, Map<String, String> env) {
        String install = "java -jar jcnn.jar install" + (name.equals(KernelSpecs.DEFAULT_NAME) ? "" : " --name " + name)
                + " (add --sys-prefix inside a venv or conda environment)";
        for (Path data : dataDirs) {
            Path dir = data.resolve("kernels").resolve(name);
            Path file = dir.resolve("kernel.json");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            List<String> argv = new ArrayList<>();
            try {
                JsonObject spec = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
                JsonArray a = spec.getAsJsonArray("argv");
                for (JsonElement e : a) {
                    argv.add(e.getAsString());
                }
            } catch (IOException | RuntimeException e) {
                return new Check("kernelspec", Status.MISSING, file + " cannot be read as a kernelspec (" + e.getMessage() + ")", install);
            }
            if (argv.isEmpty()) {
                return new Check("kernelspec", Status.MISSING, file + " has no argv", install);
            }
            String java = argv.get(Install.javaIndex(argv));
            boolean javaFound = Path.of(java).isAbsolute() ? Files.isExecutable(Path.of(java))
                    : KernelSpecs.which(java, env) != null;
            if (!javaFound) {
                return new Check("kernelspec", Status.MISSING, file + " starts " + java + ", which does not exist (a removed JDK?)",
                        install + ", with the java you want the kernel to use");
            }
            Path javaPath = Path.of(java).isAbsolute() ? Path.of(java) : KernelSpecs.which(java, env);
            int feature = javaFeatureVersion(javaPath);
            if (feature > 0 && feature < 17) {
                return new Check("kernelspec", Status.MISSING, file + " starts " + java + ", which is Java " + feature
                        + "; jcnn needs 17 or newer", install + " --java /path/to/jdk-17-or-newer/bin/java");
            }
            Path installed = argv.stream().filter(s -> s.endsWith("jcnn.jar")).findFirst()
                    .map(s -> Path.of(s.replace("{resource_dir}", dir.toString()))).orElse(null);
            if (installed == null || !Files.isRegularFile(installed)) {
                return new Check("kernelspec", Status.MISSING, file + " names no existing jcnn.jar (" + installed + ")", install);
            }
            String where = dir + " (java " + java + ")";
            if (jar == null) {
                return Check.ok("kernelspec", where);
            }
            if (sameContent(installed, jar)) {
                return Check.ok("kernelspec", where + ", a copy of this jar");
            }
            return new Check("kernelspec", Status.WARN, where + " runs a different build than " + jar,
                    install + ", to install this build");
        }
        return new Check("kernelspec", Status.MISSING, "no kernelspec '" + name + "' in " + dataDirs.stream()
                .map(d -> d.resolve("kernels").toString()).toList(), install);
    }

    /** The feature version {@code java -version} reports (8 for "1.8.0"), or 0 if it cannot be told. */
    static int javaFeatureVersion(Path executable) {
        try {
            Process p = new ProcessBuilder(executable.toString(), "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 0;
            }
            Matcher m = Pattern.compile("version \"(1\\.)?(\\d+)").matcher(out);
            return m.find() ? Integer.parseInt(m.group(2)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static boolean sameContent(Path a, Path b) {
        try {
            return Files.size(a) == Files.size(b) && Arrays.equals(sha256(a), sha256(b));
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The data sets, looked for where the loaders look: {@code -Djcnn.data}, {@code $JCNN_DATA} (or its
     * subdirectory named after the set), {@code ~/.jcnn/datasets/NAME}, the Debian path. Fashion-MNIST
     * (the lecture's notebooks) is required, MNIST and CIFAR-10 are optional.
     */
    static List<Check> datasets(Map<String, String> env) {
        List<Check> checks = new ArrayList<>();
        String[] idx = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
        checks.add(dataset(env, "Fashion-MNIST", "fashion-mnist", idx, Status.MISSING,
                "apt-get install dataset-fashion-mnist (Debian/Ubuntu), or put the four IDX files from"
                        + " https://github.com/zalandoresearch/fashion-mnist in a directory and set JCNN_DATA to it"));
        checks.add(dataset(env, "MNIST", "mnist", idx, Status.WARN,
                "put the four IDX files of MNIST in $JCNN_DATA/mnist (only notebooks that use MNIST need them)"));
        checks.add(dataset(env, "CIFAR-10", "cifar-10", new String[] {"data_batch_1.bin", "test_batch.bin"}, Status.WARN,
                "unpack the binary version (cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html)"
                        + " into $JCNN_DATA/cifar-10 (only notebooks that use CIFAR-10 need it)"));
        return checks;
    }

    private static Check dataset(Map<String, String> env, String title, String name, String[] files, Status ifMissing, String fix) {
        List<Path> dirs = new ArrayList<>();
        for (String root : new String[] {System.getProperty("jcnn.data"), env.get("JCNN_DATA")}) {
            if (root != null && !root.isBlank()) {
                dirs.add(Path.of(root, name));
                dirs.add(Path.of(root));
            }
        }
        dirs.add(Path.of(System.getProperty("user.home"), ".jcnn", "datasets", name));
        dirs.add(Path.of("/usr/share/datasets", name));
        List<Path> withBatches = new ArrayList<>();
        for (Path d : dirs) {
            withBatches.add(d);
            withBatches.add(d.resolve("cifar-10-batches-bin"));
        }
        for (Path dir : name.equals("cifar-10") ? withBatches : dirs) {
            if (Arrays.stream(files).allMatch(f -> present(dir, f))) {
                return Check.ok(title, dir.toString());
            }
        }
        String env0 = env.get("JCNN_DATA");
        return new Check(title, ifMissing, "not in " + dirs + (env0 == null ? " (JCNN_DATA is not set)" : ""), fix);
    }

    private static boolean present(Path dir, String base) {
        for (String n : new String[] {base, base + ".gz", base.replace("-idx", ".idx"), base.replace("-idx", ".idx") + ".gz"}) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return true;
            }
        }
        return false;
    }

    /** Draws a word into an image as the chart renderer does; fails without fontconfig or fonts. */
    static Check fonts() {
        try {
            BufferedImage image = new BufferedImage(64, 24, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int width = g.getFontMetrics().stringWidth("loss");
            g.drawString("loss", 2, 16);
            g.dispose();
            int families = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames().length;
            if (width <= 0) {
                throw new IllegalStateException("text has no width");
            }
            return Check.ok("fonts", families + " font families; charts render headless");
        } catch (Throwable e) { // NOTE: a JDK without fontconfig or fonts fails with Errors (UnsatisfiedLinkError, InternalError)
            return new Check("fonts", Status.MISSING, "text cannot be drawn, so charts cannot render (" + e + ")",
                    "apt-get install fontconfig fonts-dejavu-core (Debian/Ubuntu); dnf install fontconfig dejavu-sans-fonts (Fedora)");
        }
    }
}
