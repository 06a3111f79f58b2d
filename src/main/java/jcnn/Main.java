package jcnn;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command-line entry point of {@code target/jcnn.jar}.
 *
 * <pre>
 *   java -jar jcnn.jar kernel CONNECTION_FILE      run as a Jupyter kernel
 *   java -jar jcnn.jar install [--user|--sys-prefix|--prefix P] [--name N] [--jvm-arg A] [--java J]
 *   java -jar jcnn.jar uninstall [--user|--sys-prefix|--prefix P] [--name N]
 *   java -jar jcnn.jar doctor [--name N]             what is present and missing, with fixes
 *   java -jar jcnn.jar run NOTEBOOK.ipynb|SCRIPT.jsh ... [--out DIR]
 *   java -cp jcnn.jar:jcnn-tools.jar jcnn.Main bench [OPTIONS]   benchmarks (docs/BENCHMARKS.md; scripts/bench.sh)
 * </pre>
 *
 * <p>Each command lives in its own package and is looked up by class name, so that this
 * class does not tie the packages together: {@code Class#main(String[])} receives the
 * arguments after the command word.
 */
public final class Main {
    private static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("kernel", "jcnn.kernel.KernelMain");
        COMMANDS.put("install", "jcnn.kernel.Install");
        COMMANDS.put("uninstall", "jcnn.kernel.Uninstall");
        COMMANDS.put("doctor", "jcnn.kernel.Doctor");
        COMMANDS.put("run", "jcnn.notebook.RunCommand");
        COMMANDS.put("bench", "jcnn.bench.Bench");
    }

    private Main() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
            return;
        }
        String className = COMMANDS.get(args[0]);
        if (className == null) {
            System.err.println("jcnn: unknown command '" + args[0] + "'; expected one of " + COMMANDS.keySet());
            usage();
            System.exit(2);
            return;
        }
        Method main;
        try {
            main = Class.forName(className).getMethod("main", String[].class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            System.err.println("jcnn: command '" + args[0] + "' is not available in this build (" + className + " missing)"
                    + (args[0].equals("bench") ? "; the benchmarks live in target/jcnn-tools.jar, apart from the library:"
                            + " run scripts/bench.sh, or add the tools jar: java -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.Main bench" : ""));
            System.exit(2);
            return;
        }
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void usage() {
        System.err.println("usage: java --add-modules jdk.incubator.vector -jar jcnn.jar COMMAND [ARGS]");
        System.err.println("  kernel CONNECTION_FILE            run as a Jupyter kernel");
        System.err.println("  install [--user|--sys-prefix|--prefix P] [--name N] [--jvm-arg A] [--java J]");
        System.err.println("                                    install the Jupyter kernelspec (--sys-prefix: the");
        System.err.println("                                    venv/conda env of the jupyter on PATH)");
        System.err.println("  uninstall [--user|--sys-prefix|--prefix P] [--name N]");
        System.err.println("                                    remove the kernelspec");
        System.err.println("  doctor [--name N]                 check Java, Jupyter, the kernelspec, data sets, fonts");
        System.err.println("  run FILE.ipynb|FILE.jsh ... [--out DIR]");
        System.err.println("                                    execute notebooks or JShell scripts headless");
        System.err.println("  bench [OPTIONS]                   benchmarks against PyTorch (docs/BENCHMARKS.md); needs");
        System.err.println("                                    target/jcnn-tools.jar on the class path: scripts/bench.sh");
    }
}
