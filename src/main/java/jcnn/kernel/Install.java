package jcnn.kernel;

import jcnn.io.AtomicFile;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar jcnn.jar install [--user | --sys-prefix | --prefix P] [--name N] [--jvm-arg A] [--java J]}:
 * writes the kernelspec (the top-level {@code kernel.json}, bundled in the jar) with the
 * running jar copied next to it and referenced as {@code {resource_dir}/jcnn.jar}
 * ({@code {resource_dir}\jcnn.jar} on Windows), so the kernel keeps working when {@code target/}
 * is rebuilt or deleted. {@code argv[0]} is the absolute path of the java that runs the install
 * (Jupyter does not search PATH the way a shell does, and a GUI-started Jupyter on macOS or
 * Windows often has no JDK on its PATH); {@code --java java} keeps the PATH lookup.
 * On Linux, where coreutils' {@code env} has {@code --default-signal} (coreutils 8.31 and later),
 * the java is started through {@code /usr/bin/env --default-signal=INT} ({@link #SIGINT_RESET}):
 * a process started in the background of a script or under {@code nohup} inherits SIGINT as
 * ignored, and HotSpot then installs no SIGINT handler at all, so without the reset a signal-mode
 * frontend's SIGINT or Ctrl-C would neither interrupt the cell nor reach the kernel.
 * Where it goes: {@link KernelSpecs}.
 */
public final class Install {
    static final String TEMPLATE = "/jcnn/kernel/kernel.json";
    /** The jar's place in the template's argv. */
    static final String JAR_ARGUMENT = "{resource_dir}/jcnn.jar";
    /** What goes before the java in argv on Linux: SIGINT back to its default, so the JVM can handle it. */
    static final List<String> SIGINT_RESET = List.of("/usr/bin/env", "--default-signal=INT");

    private Install() {
    }

    public static void main(String[] args) throws IOException {
        KernelSpecs.Options options;
        try {
            options = KernelSpecs.parse("install", args, true);
        } catch (IllegalArgumentException e) {
            System.err.println("jcnn " + e.getMessage());
            System.exit(2);
            return;
        } catch (IllegalStateException e) {
            System.err.println("jcnn install: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path jar = runningJar();
        if (jar == null) {
            System.err.println("jcnn install: copies the running jar next to kernel.json, but jcnn is not running from a"
                    + " jar; build it with 'mvn package' and run 'java -jar target/jcnn.jar install'");
            System.exit(2);
            return;
        }
        Path dir = install(options, jar);
        // read back what was written: building it again would probe /usr/bin/env again
        JsonObject spec = JsonParser.parseString(Files.readString(dir.resolve("kernel.json"))).getAsJsonObject();
        System.out.println("Installed kernelspec '" + options.name() + "' in " + dir);
        System.out.println("  kernel.json  argv " + spec.getAsJsonArray("argv"));
        System.out.println("  jcnn.jar     copied from " + jar + " (" + Files.size(dir.resolve("jcnn.jar")) / 1024 + " KiB)");
        System.out.println("Check with 'jupyter kernelspec list'; start with 'jupyter console --kernel " + options.name()
                + "' or pick \"" + spec.get("display_name").getAsString() + "\" in a notebook;"
                + " 'java -jar jcnn.jar doctor' checks Java, Jupyter, the kernelspec, data sets and fonts.");
    }

    /** Writes {@code kernel.json} and copies {@code jar} into the kernel's directory; returns it. */
    static Path install(KernelSpecs.Options options, Path jar) throws IOException {
        Path dir = options.kernelDir();
        Files.createDirectories(dir);
        // a kernel starting from the old jar never sees half a file
        AtomicFile.write(dir.resolve("jcnn.jar"), out -> Files.copy(jar, out));
        String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(kernelJson(options));
        AtomicFile.write(dir.resolve("kernel.json"), (json + "\n").getBytes(StandardCharsets.UTF_8));
        return dir;
    }

    /**
     * The template with {@code options.java()} first and the extra JVM arguments after the template's
     * own (before {@code -jar}, so that they override them), interrupts by message.
     */
    static JsonObject kernelJson(KernelSpecs.Options options) throws IOException {
        JsonObject spec;
        try (InputStream in = Install.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IOException("the kernel.json template " + TEMPLATE + " is missing from the jar; rebuild with 'mvn package'");
            }
            spec = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        JsonArray template = spec.getAsJsonArray("argv");
        JsonArray argv = new JsonArray();
        if (sigintResetWorks()) {
            SIGINT_RESET.forEach(argv::add);
        }
        argv.add(options.java());
        boolean userArgsAdded = false;
        for (int i = 1; i < template.size(); i++) {
            String a = template.get(i).getAsString();
            if (a.equals("-jar") && !userArgsAdded) {
                // the user's options after the template's: where both set one (-Xms, a GC option),
                // the JVM takes the last, so --jvm-arg wins
                options.jvmArgs().forEach(argv::add);
                userArgsAdded = true;
            }
            argv.add(a.equals(JAR_ARGUMENT) ? jarArgument(KernelSpecs.windows()) : a);
        }
        if (!userArgsAdded) {
            throw new IOException("the kernel.json template " + TEMPLATE + " has no -jar in its argv: " + template);
        }
        spec.add("argv", argv);
        spec.addProperty("interrupt_mode", "message");
        if (!options.name().equals(KernelSpecs.DEFAULT_NAME)) {
            spec.addProperty("display_name", spec.get("display_name").getAsString() + " [" + options.name() + "]");
        }
        return spec;
    }

    /**
     * Whether {@link #SIGINT_RESET} can start a program here: Linux with an {@code /usr/bin/env}
     * that knows {@code --default-signal} (not macOS's or busybox's, nor coreutils before 8.31).
     */
    static boolean sigintResetWorks() {
        if (!System.getProperty("os.name", "").equals("Linux") || !Files.isExecutable(Path.of(SIGINT_RESET.get(0)))) {
            return false;
        }
        try {
            List<String> probe = new ArrayList<>(SIGINT_RESET);
            probe.add("true");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Where the java is in a kernelspec's argv: after {@code env} and its options and
     * {@code NAME=value} assignments when argv starts with an {@code env}, else 0.
     */
    static int javaIndex(List<String> argv) {
        if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().equals("env")) {
            return 0;
        }
        int i = 1;
        while (i < argv.size() && (argv.get(i).startsWith("-") || argv.get(i).contains("="))) {
            i++;
        }
        return Math.min(i, argv.size() - 1);
    }

    /** The installed jar in argv, with the platform's separator (Jupyter substitutes {@code {resource_dir}}). */
    static String jarArgument(boolean windows) {
        return "{resource_dir}" + (windows ? "\\" : "/") + "jcnn.jar";
    }

    /** The jar this class was loaded from, or null when running from a classes directory. */
    static Path runningJar() {
        try {
            Path p = Path.of(Install.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }
}
