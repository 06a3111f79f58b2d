package jcnn.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

/**
 * {@code java -jar jcnn.jar bench [--quick] [--only sgemm,conv,lenet,lecture,infer,accuracy]}:
 * runs jcnn and PyTorch alternately on the same workloads, one fresh process per measurement
 * (a JVM running {@link Worker}, or /usr/bin/python3 bench/torch_bench.py), and prints a
 * Markdown table of medians and ratios (docs/BENCHMARKS.md explains every row).
 *
 * <p>Options: {@code --quick} (200 training batches, no accuracy run), {@code --only LIST},
 * {@code --rounds R} (repetitions of the short workloads, default 3), {@code --train-batches B}
 * (training batches per run; 0 = a whole epoch), {@code --accuracy-max-s S} (the accuracy run
 * stops after the epoch that passes S seconds, default 600), {@code --torch-wait-policy P}
 * (OMP_WAIT_POLICY of the PyTorch workers, default PASSIVE), {@code --python PATH},
 * {@code --torch-script PATH}, {@code --data DIR}, {@code --jvm-arg ARG} (repeatable, for the
 * jcnn worker JVMs), {@code --java PATH}.
 */
public final class Bench {
    static final List<String> ALL = List.of("sgemm", "conv", "lenet", "lecture", "infer", "accuracy");
    /**
     * JVM options of the jcnn worker JVMs unless --jvm-arg is given. Training steps reuse their
     * arrays ({@link jcnn.tensor.backend.StepArena}), so what is left to collect is small: a
     * 48 MiB young generation and a 600 MiB heap keep peak RSS near 450 MiB (the data sets take
     * 219 MB of it) at the same speed as a 256 MiB young generation (measured 2026-11-26, see
     * docs/BENCHMARKS.md). With G1's defaults the heap grows past 1 GiB.
     */
    static final List<String> DEFAULT_WORKER_JVM_ARGS = List.of("-XX:+UseParallelGC", "-Xmn48m", "-Xmx600m");

    private boolean quick;
    private int rounds = 3;
    private int accuracyMaxSeconds = 600;
    private String torchWaitPolicy = "PASSIVE";
    private int trainBatches = -1;
    private final Set<String> only = new LinkedHashSet<>();
    private String python = "/usr/bin/python3";
    private String torchScript;
    private String data = "/usr/share/datasets/fashion-mnist";
    private String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final List<String> jvmArgs = new ArrayList<>();
    /** Results per key ("sgemm/1"), per side ("jcnn", "torch"): one map per round. */
    private final Map<String, Map<String, List<Map<String, Object>>>> results = new LinkedHashMap<>();

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Bench bench = new Bench();
        try {
            bench.parse(args);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        bench.run();
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick":
                    quick = true;
                    break;
                case "--only":
                    for (String s : args[++i].split(",")) {
                        if (!ALL.contains(s.trim())) {
                            throw new IllegalArgumentException("bench: unknown workload '" + s + "' in --only; expected some of " + ALL);
                        }
                        only.add(s.trim());
                    }
                    break;
                case "--rounds":
                    rounds = Integer.parseInt(args[++i]);
                    break;
                case "--accuracy-max-s":
                    accuracyMaxSeconds = Integer.parseInt(args[++i]);
                    break;
                case "--torch-wait-policy":
                    torchWaitPolicy = args[++i];
                    break;
                case "--train-batches":
                    trainBatches = Integer.parseInt(args[++i]);
                    break;
                case "--python":
                    python = args[++i];
                    break;
                case "--torch-script":
                    torchScript = args[++i];
                    break;
                case "--data":
                    data = args[++i];
                    break;
                case "--jvm-arg":
                    jvmArgs.add(args[++i]);
                    break;
                case "--java":
                    java = args[++i];
                    break;
                default:
                    throw new IllegalArgumentException("bench: unknown option '" + a + "'; expected --quick, --only LIST,"
                            + " --rounds R, --train-batches B, --accuracy-max-s S, --torch-wait-policy ACTIVE|PASSIVE, --python PATH, --torch-script PATH, --data DIR, --jvm-arg ARG, --java PATH");
            }
        }
        if (only.isEmpty()) {
            only.addAll(ALL);
            if (quick) {
                only.remove("accuracy");
            }
        }
        if (torchScript == null) {
            torchScript = findTorchScript();
        }
        if (jvmArgs.isEmpty()) {
            jvmArgs.addAll(DEFAULT_WORKER_JVM_ARGS);
        }
    }

    /** bench/torch_bench.py relative to the working directory, else next to target/jcnn.jar. */
    private static String findTorchScript() {
        Path local = Path.of("bench", "torch_bench.py");
        if (Files.exists(local)) {
            return local.toString();
        }
        try {
            Path jar = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = jar.getParent().resolve("../bench/torch_bench.py").normalize();
            if (Files.exists(candidate)) {
                return candidate.toString();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through
        }
        throw new IllegalStateException("bench: bench/torch_bench.py not found; run from the project directory"
                + " or pass --torch-script PATH");
    }

    private void run() throws IOException, InterruptedException {
        long start = System.nanoTime();
        System.out.println("# jcnn bench " + (quick ? "--quick " : "") + "(" + Instant.now() + ")");
        System.out.println("# machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs; java " + System.getProperty("java.version") + "; load average " + loadAverage());
        System.out.println("# jcnn workers: java --add-modules jdk.incubator.vector -Djcnn.threads=N " + String.join(" ", jvmArgs)
                + "; PyTorch workers: " + python + " " + torchScript + " (OPENBLAS_NUM_THREADS=1 for CNN work, OMP_WAIT_POLICY="
                + torchWaitPolicy + ")");
        int trainBatches = this.trainBatches >= 0 ? this.trainBatches : quick ? 200 : 0;
        for (int threads : new int[] {1, 2}) {
            if (only.contains("sgemm")) {
                measure("sgemm/" + threads, threads, rounds, false, "sgemm", "--reps", quick ? "9" : "15");
            }
        }
        for (int threads : new int[] {1, 2}) {
            if (only.contains("conv")) {
                measure("conv/" + threads, threads, rounds, true, "conv", "--reps", quick ? "5" : "9");
            }
        }
        for (int threads : new int[] {1, 2}) {
            if (only.contains("infer")) {
                measure("infer/" + threads, threads, rounds, true, "infer", "--batches", quick ? "10" : "39", "--reps", "3");
            }
        }
        for (int threads : new int[] {1, 2}) {
            if (only.contains("lenet")) {
                measure("lenet/" + threads, threads, 1, true, "train", "--net", "lenet", "--batches", "" + trainBatches);
            }
        }
        for (int threads : new int[] {1, 2}) {
            // the accuracy run (2 threads, whole epochs) also gives 2-thread training figures
            if (only.contains("lecture") && !(threads == 2 && only.contains("accuracy"))) {
                measure("lecture/" + threads, threads, 1, true, "train", "--net", "lecture", "--batches", "" + trainBatches);
            }
        }
        if (only.contains("accuracy")) {
            measure("accuracy/2", 2, 1, true, "train", "--net", "lecture", "--epochs", "8", "--target", "0.91",
                    "--max-seconds", "" + accuracyMaxSeconds);
        }
        System.out.println();
        printTable();
        System.out.printf(Locale.ROOT, "%n# total bench time %.0f s; load average at the end %s%n",
                (System.nanoTime() - start) / 1e9, loadAverage());
    }

    /** Runs the workload {@code rounds} times on each side, alternating which side goes first. */
    private void measure(String key, int threads, int times, boolean cnn, String... workerArgs)
            throws IOException, InterruptedException {
        Map<String, List<Map<String, Object>>> sides = results.computeIfAbsent(key, k -> new LinkedHashMap<>());
        for (int round = 0; round < times; round++) {
            for (String side : round % 2 == 0 ? new String[] {"jcnn", "torch"} : new String[] {"torch", "jcnn"}) {
                Map<String, Object> r = side.equals("jcnn") ? runJcnn(threads, workerArgs) : runTorch(threads, cnn, workerArgs);
                sides.computeIfAbsent(side, s -> new ArrayList<>()).add(r);
                System.err.println("[bench] " + key + " " + side + " round " + (round + 1) + "/" + times + ": " + r);
            }
        }
    }

    private Map<String, Object> runJcnn(int threads, String... workerArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("-Djcnn.threads=" + threads);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Worker.class.getName());
        cmd.addAll(Arrays.asList(workerArgs));
        return launch(cmd, Map.of("JCNN_THREADS", "" + threads));
    }

    private Map<String, Object> runTorch(int threads, boolean cnn, String... workerArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(python);
        cmd.add(torchScript);
        cmd.addAll(Arrays.asList(workerArgs));
        cmd.add("--threads");
        cmd.add("" + threads);
        // Debian's torch runs OpenBLAS's own pool next to its OpenMP pool; for CNN work one
        // OpenBLAS thread avoids two pools competing for 2 cores (the plain matmul uses OpenBLAS)
        // OMP_WAIT_POLICY=PASSIVE: on a machine shared with other work, OpenMP threads spinning at
        // barriers collapse torch's 2-thread runs (LeNet-5 fell to 82 images/s in a loaded run)
        return launch(cmd, Map.of("OPENBLAS_NUM_THREADS", cnn ? "1" : "" + threads, "OMP_NUM_THREADS", "" + threads,
                "OMP_WAIT_POLICY", torchWaitPolicy));
    }

    private Map<String, Object> launch(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(cmd);
        if (cmd.contains("train")) {
            full.add("--t0");
            full.add(String.format(Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0));
        }
        if (!data.equals("/usr/share/datasets/fashion-mnist")) {
            full.add("--data");
            full.add(data);
        }
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process process = pb.start();
        StringBuilder log = new StringBuilder();
        String resultLine = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    resultLine = line.substring(7);
                } else {
                    log.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(60, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        if (resultLine == null || process.exitValue() != 0) {
            throw new IllegalStateException("bench: " + String.join(" ", full) + " failed (exit " + process.exitValue()
                    + ") without a RESULT line; its output:\n" + log);
        }
        return new Gson().fromJson(resultLine, new TypeToken<Map<String, Object>>() { }.getType());
    }

    /** Median of a numeric field over the rounds of one side; NaN when absent. */
    private double median(String key, String side, String field) {
        Map<String, List<Map<String, Object>>> sides = results.get(key);
        if (sides == null || !sides.containsKey(side)) {
            return Double.NaN;
        }
        double[] values = sides.get(side).stream().map(r -> r.get(field))
                .filter(v -> v instanceof Number).mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        return Stats.median(values);
    }

    private int count(String key, String side) {
        Map<String, List<Map<String, Object>>> sides = results.get(key);
        return sides == null || !sides.containsKey(side) ? 0 : sides.get(side).size();
    }

    private void printTable() {
        System.out.println("| Workload | Threads | jcnn | PyTorch | jcnn / PyTorch | Target |");
        System.out.println("|---|---|---|---|---|---|");
        for (int t : new int[] {1, 2}) {
            row("SGEMM 1024³ GFLOPS", "sgemm/" + t, t, "gflops", 0.75, true);
        }
        for (int t : new int[] {1, 2}) {
            row("conv 1→32 28×28 fwd+bwd GFLOPS", "conv/" + t, t, "conv1_gflops", Double.NaN, true);
            row("conv 32→64 14×14 fwd+bwd GFLOPS", "conv/" + t, t, "conv2_gflops", Double.NaN, true);
        }
        for (int t : new int[] {1, 2}) {
            row("LeNet-5 training images/s", "lenet/" + t, t, "images_per_s", t == 2 ? 0.7 : Double.NaN, true);
        }
        String lecture2 = results.containsKey("accuracy/2") ? "accuracy/2" : "lecture/2";
        row("lecture net training images/s", "lecture/1", 1, "images_per_s", Double.NaN, true);
        row("lecture net training images/s", lecture2, 2, "images_per_s", 1.0, true);
        for (int t : new int[] {1, 2}) {
            row("lecture net inference images/s (batch 256)", "infer/" + t, t, "images_per_s", 1.0, true);
        }
        scaling("SGEMM scaling 2 threads / 1", "sgemm", "gflops", 1.8);
        scalingRow("lecture net training scaling 2 threads / 1", "lecture/1", lecture2, "images_per_s", 1.6);
        row("peak RSS MiB, lecture net training", lecture2, 2, "rss_peak_mib", 1.0, false);
        row("process start → first trained batch, s", lecture2, 2, "first_batch_s", Double.NaN, false);
        if (results.containsKey("accuracy/2")) {
            row("time to 91% test accuracy, s (from process start)", "accuracy/2", 2, "time_to_target_s", 1.0, false);
            row("epochs to 91%", "accuracy/2", 2, "epochs", Double.NaN, false);
            row("final test accuracy", "accuracy/2", 2, "accuracy", Double.NaN, true);
        }
    }

    private void row(String label, String key, int threads, String field, double target, boolean higherIsBetter) {
        if (!results.containsKey(key)) {
            return;
        }
        double j = median(key, "jcnn", field);
        double p = median(key, "torch", field);
        double ratio = j / p;
        String goal = "";
        if (!Double.isNaN(target)) {
            boolean met = higherIsBetter ? ratio >= target : ratio <= target;
            goal = (higherIsBetter ? "≥ " : "≤ ") + fmt(target) + (Double.isNaN(ratio) ? "" : met ? " met" : " MISSED");
        }
        int n = Math.min(count(key, "jcnn"), count(key, "torch"));
        System.out.printf(Locale.ROOT, "| %s%s | %d | %s | %s | %s | %s |%n", label,
                n > 1 ? " (median of " + n + ")" : "", threads, fmt(j), fmt(p), fmt(ratio), goal);
    }

    private void scaling(String label, String prefix, String field, double target) {
        scalingRow(label, prefix + "/1", prefix + "/2", field, target);
    }

    private void scalingRow(String label, String one, String two, String field, double target) {
        if (!results.containsKey(one) || !results.containsKey(two)) {
            return;
        }
        double j = median(two, "jcnn", field) / median(one, "jcnn", field);
        double p = median(two, "torch", field) / median(one, "torch", field);
        System.out.printf(Locale.ROOT, "| %s | 2 vs 1 | %s× | %s× | | jcnn ≥ %s %s |%n", label, fmt(j), fmt(p),
                fmt(target), j >= target ? "met" : "MISSED");
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

}
