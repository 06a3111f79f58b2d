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
import java.util.Collections;
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
 * {@code scripts/bench.sh [--quick] [--only sgemm,conv,lenet,lecture,infer,accuracy]}:
 * runs jcnn and PyTorch alternately on the same workloads, one fresh process per measurement
 * (a JVM running {@link Worker}, or /usr/bin/python3 bench/torch_bench.py), and prints a
 * Markdown table of medians and ratios (docs/BENCHMARKS.md explains every row).
 *
 * <p>Options: {@code --quick} (2 threads only, 500 timed training batches, no accuracy run), {@code --only LIST},
 * {@code --rounds R} (repetitions of the short workloads, default 3), {@code --train-batches B}
 * (training batches per run; 0 = a whole epoch), {@code --accuracy-max-s S} (the accuracy run
 * stops after the epoch that passes S seconds, default 600), {@code --torch-wait-policy P}
 * (OMP_WAIT_POLICY of the PyTorch workers, default PASSIVE), {@code --torch-malloc untrimmed|glibc} (glibc's
 * malloc thresholds for the PyTorch workers fixed so that its batches' tensors are not page-faulted
 * in again every batch, the default, or glibc's own), {@code --python PATH},
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
    private int accuracyRounds = -1;
    private int warmupBatches = -1;
    private int accuracyMaxSeconds = 600;
    /** PyTorch workers with glibc's malloc thresholds fixed ({@code --torch-malloc untrimmed}, the default) or as glibc sets them. */
    private boolean torchMallocUntrimmed = true;
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
                case "--warmup-batches":
                    warmupBatches = Integer.parseInt(args[++i]);
                    break;
                case "--accuracy-rounds":
                    accuracyRounds = Integer.parseInt(args[++i]);
                    break;
                case "--accuracy-max-s":
                    accuracyMaxSeconds = Integer.parseInt(args[++i]);
                    break;
                case "--torch-wait-policy":
                    torchWaitPolicy = args[++i];
                    break;
                case "--torch-malloc":
                    String mode = args[++i];
                    if (!mode.equals("untrimmed") && !mode.equals("glibc")) {
                        throw new IllegalArgumentException("--torch-malloc: expected untrimmed or glibc, got " + mode);
                    }
                    torchMallocUntrimmed = mode.equals("untrimmed");
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
                            + " --rounds R, --accuracy-rounds R, --train-batches B, --warmup-batches W, --accuracy-max-s S, --torch-wait-policy ACTIVE|PASSIVE, --torch-malloc untrimmed|glibc, --python PATH, --torch-script PATH, --data DIR, --jvm-arg ARG, --java PATH");
            }
        }
        if (only.isEmpty()) {
            only.addAll(ALL);
            if (quick) {
                only.remove("accuracy");
            }
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("bench: --rounds must be >= 1, got " + rounds + " (3 or more for medians worth reading)");
        }
        if (accuracyRounds < 0) {
            accuracyRounds = rounds;
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
                + torchWaitPolicy + (torchMallocUntrimmed ? ", MALLOC_MMAP_THRESHOLD_=32 MiB, MALLOC_TRIM_THRESHOLD_=256 MiB" : ", glibc's malloc defaults")
                + "; --keep-uint8 for training and inference: images kept as bytes, as jcnn's Dataset keeps them)");
        // training: untimed warm-up batches, then whole epochs (full) or 500 batches (--quick)
        int trainBatches = this.trainBatches >= 0 ? this.trainBatches : quick ? 500 : 0;
        String warmup = "" + (warmupBatches >= 0 ? warmupBatches : quick ? 50 : 100);
        // --quick: the same rules (warm-up, steady state, >= 500 batches, A-B-B-A, 3 rounds) on
        // fewer rows: 2 threads only, except SGEMM (cheap, and it gives a scaling figure)
        int[] threadCounts = quick ? new int[] {2} : new int[] {1, 2};
        for (int threads : new int[] {1, 2}) {
            if (only.contains("sgemm")) {
                measure("sgemm/" + threads, threads, rounds, false, false, "sgemm", "--reps", quick ? "9" : "15");
            }
        }
        for (int threads : threadCounts) {
            if (only.contains("conv")) {
                measure("conv/" + threads, threads, rounds, true, false, "conv", "--reps", quick ? "5" : "9");
            }
        }
        for (int threads : threadCounts) {
            if (only.contains("infer")) {
                // the engine-only worker, net.evaluate(FashionMnist.test()) in the kernelspec's JVM, PyTorch
                measure("infer/" + threads, threads, rounds, true, true, "infer", "--batches", quick ? "10" : "39", "--reps", "3");
            }
        }
        for (int threads : threadCounts) {
            if (only.contains("lenet")) {
                measure("lenet/" + threads, threads, rounds, true, false, "train", "--net", "lenet",
                        "--batches", "" + trainBatches, "--warmup", warmup);
            }
        }
        for (int threads : threadCounts) {
            // three sides: the engine-only worker, the public API (Trainer) in a JVM with the
            // kernelspec's options, and PyTorch
            if (only.contains("lecture")) {
                measure("lecture/" + threads, threads, rounds, true, true, "train", "--net", "lecture",
                        "--batches", "" + trainBatches, "--warmup", warmup);
            }
        }
        if (only.contains("accuracy")) {
            measure("accuracy/2", 2, accuracyRounds, true, true, "train", "--net", "lecture", "--epochs", "8", "--target", "0.91",
                    "--max-seconds", "" + accuracyMaxSeconds);
        }
        System.out.println();
        printTable();
        System.out.printf(Locale.ROOT, "%n# total bench time %.0f s; load average at the end %s%n",
                (System.nanoTime() - start) / 1e9, loadAverage());
    }

    /**
     * Runs the workload {@code times} rounds on each side in A-B-B-A order (jcnn, PyTorch, then
     * PyTorch, jcnn, ...; with the Trainer as a third side: A-B-C, C-B-A), so a drift in machine
     * load weighs on both sides alike.
     */
    private void measure(String key, int threads, int times, boolean cnn, boolean withTrainer, String... workerArgs)
            throws IOException, InterruptedException {
        Map<String, List<Map<String, Object>>> sides = results.computeIfAbsent(key, k -> new LinkedHashMap<>());
        List<String> order = new ArrayList<>(withTrainer ? List.of("jcnn", "trainer", "torch") : List.of("jcnn", "torch"));
        for (int round = 0; round < times; round++) {
            List<String> now = new ArrayList<>(order);
            if (round % 2 == 1) {
                Collections.reverse(now);
            }
            for (String side : now) {
                Map<String, Object> r;
                switch (side) {
                    case "jcnn":
                        r = runJcnn(threads, jvmArgs, workerArgs);
                        break;
                    case "trainer":
                        // the public API: the Trainer for training, net.evaluate for inference
                        String[] args = workerArgs.clone();
                        args[0] = workerArgs[0].equals("infer") ? "predict" : "trainer";
                        r = runJcnn(threads, kernelspecJvmArgs(), args);
                        break;
                    default:
                        r = runTorch(threads, cnn, workerArgs);
                }
                sides.computeIfAbsent(side, s -> new ArrayList<>()).add(r);
                System.err.println("[bench] " + key + " " + side + " round " + (round + 1) + "/" + times + ": " + r);
            }
        }
    }

    /**
     * The JVM options of the Jupyter kernelspec bundled in the jar ({@code jcnn/kernel/kernel.json}:
     * its argv between "java" and "-jar"), so the Trainer row runs in the JVM a notebook gets.
     */
    static List<String> kernelspecJvmArgs() {
        try (var in = Bench.class.getResourceAsStream("/jcnn/kernel/kernel.json")) {
            if (in == null) {
                throw new IllegalStateException("bench: jcnn/kernel/kernel.json is not on the class path; build the jar with mvn package");
            }
            var argv = com.google.gson.JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .getAsJsonObject().getAsJsonArray("argv");
            List<String> out = new ArrayList<>();
            for (int i = 1; i < argv.size() && !argv.get(i).getAsString().equals("-jar"); i++) {
                out.add(argv.get(i).getAsString());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("bench: cannot read jcnn/kernel/kernel.json: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> runJcnn(int threads, List<String> options, String... workerArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        if (!options.contains("--add-modules")) {
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
        }
        cmd.add("-Djcnn.threads=" + threads);
        cmd.addAll(options);
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
        if (workerArgs.length > 0 && (workerArgs[0].equals("train") || workerArgs[0].equals("infer"))) {
            // the images stay bytes until a batch is made, on both sides (jcnn's Dataset does so, as
            // torchvision's datasets do): the peak RSS compares the engines, not two data layouts
            cmd.add("--keep-uint8");
        }
        // Debian's torch runs OpenBLAS's own pool next to its OpenMP pool; for CNN work one
        // OpenBLAS thread avoids two pools competing for 2 cores (the plain matmul uses OpenBLAS)
        // OMP_WAIT_POLICY=PASSIVE: on a machine shared with other work, OpenMP threads spinning at
        // barriers collapse torch's 2-thread runs (LeNet-5 fell to 82 images/s in a loaded run)
        Map<String, String> env = new java.util.HashMap<>(Map.of("OPENBLAS_NUM_THREADS", cnn ? "1" : "" + threads,
                "OMP_NUM_THREADS", "" + threads, "OMP_WAIT_POLICY", torchWaitPolicy));
        if (torchMallocUntrimmed) {
            // glibc's malloc otherwise serves each batch's multi-MB tensors from fresh mmaps or a heap
            // it trims after every free, and every batch page-faults them in again: PyTorch trained
            // the lecture network at 1,248 images/s that way and at 3,135 with these two settings
            // (2 threads, 500 batches, 3 December 2026), as fast as it runs by accident when a script
            // has loaded the test set first (freeing that file's buffer raises glibc's dynamic
            // thresholds); docs/BENCHMARKS.md
            env.put("MALLOC_MMAP_THRESHOLD_", "" + (32 << 20));
            env.put("MALLOC_TRIM_THRESHOLD_", "" + (256 << 20));
        }
        return launch(cmd, env);
    }

    private Map<String, Object> launch(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(cmd);
        if (cmd.contains("train") || cmd.contains("trainer")) {
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

    /** A numeric field over the rounds of one side; empty when absent. */
    private double[] values(String key, String side, String field) {
        Map<String, List<Map<String, Object>>> sides = results.get(key);
        if (sides == null || !sides.containsKey(side)) {
            return new double[0];
        }
        return sides.get(side).stream().map(r -> r.get(field))
                .filter(v -> v instanceof Number).mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    private double median(String key, String side, String field) {
        return Stats.median(values(key, side, field));
    }

    /** The best round: the highest value, or the lowest where lower is better; NaN when absent. */
    private double best(String key, String side, String field, boolean higherIsBetter) {
        double[] v = values(key, side, field);
        if (v.length == 0) {
            return Double.NaN;
        }
        return higherIsBetter ? Arrays.stream(v).max().getAsDouble() : Arrays.stream(v).min().getAsDouble();
    }

    /** "median (best b, min–max, n rounds)". */
    private String summary(String key, String side, String field, boolean higherIsBetter) {
        double[] v = values(key, side, field);
        if (v.length == 0) {
            return "–";
        }
        if (v.length == 1) {
            return fmt(v[0]) + " (1 round)";
        }
        double lo = Arrays.stream(v).min().getAsDouble();
        double hi = Arrays.stream(v).max().getAsDouble();
        return fmt(Stats.median(v)) + " (best " + fmt(best(key, side, field, higherIsBetter)) + ", " + fmt(lo) + "–" + fmt(hi)
                + ", spread " + String.format(Locale.ROOT, "%.0f%%", 100 * (hi - lo) / Stats.median(v)) + ")";
    }

    private void printTable() {
        System.out.println("Each cell: median over the rounds (best round, lowest–highest, spread = (highest − lowest) / median).");
        System.out.println("Ratios are jcnn / PyTorch of the medians and of the best rounds; targets are read on the medians.");
        System.out.println();
        System.out.println("| Workload | Threads | jcnn | PyTorch | ratio of medians | ratio of bests | Target |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int t : new int[] {1, 2}) {
            row("SGEMM 1024³ GFLOPS", "sgemm/" + t, "jcnn", t, "gflops", 1.0, true);
        }
        for (int t : new int[] {1, 2}) {
            row("conv 1→32 28×28 fwd+bwd GFLOPS", "conv/" + t, "jcnn", t, "conv1_gflops", Double.NaN, true);
            row("conv 32→64 14×14 fwd+bwd GFLOPS", "conv/" + t, "jcnn", t, "conv2_gflops", 1.5, true);
        }
        for (int t : new int[] {1, 2}) {
            row("LeNet-5 training images/s (engine)", "lenet/" + t, "jcnn", t, "images_per_s", 1.3, true);
        }
        for (int t : new int[] {1, 2}) {
            row("lecture net training images/s (engine)", "lecture/" + t, "jcnn", t, "images_per_s", 1.5, true);
            row("lecture net training images/s (Trainer, kernelspec JVM)", "lecture/" + t, "trainer", t, "images_per_s", 1.5, true);
        }
        for (int t : new int[] {1, 2}) {
            row("lecture net inference images/s (engine, batch 256)", "infer/" + t, "jcnn", t, "images_per_s", 2.0, true);
            row("lecture net inference images/s (net.evaluate, kernelspec JVM)", "infer/" + t, "trainer", t, "images_per_s", 2.0, true);
        }
        scalingRow("SGEMM scaling 2 threads / 1", "sgemm/1", "sgemm/2", "jcnn", "gflops", 1.85);
        scalingRow("lecture net training scaling 2 threads / 1 (engine)", "lecture/1", "lecture/2", "jcnn", "images_per_s", 1.85);
        scalingRow("lecture net training scaling 2 threads / 1 (Trainer)", "lecture/1", "lecture/2", "trainer", "images_per_s", 1.85);
        row("peak RSS MiB, lecture net training (engine)", "lecture/2", "jcnn", 2, "rss_peak_mib", 0.8, false);
        row("peak RSS MiB, lecture net training (Trainer, kernelspec JVM)", "lecture/2", "trainer", 2, "rss_peak_mib", 0.8, false);
        row("process start → first trained batch, s", "lecture/2", "jcnn", 2, "first_batch_s", Double.NaN, false);
        row("process start → first trained batch, s (Trainer, kernelspec JVM)", "lecture/2", "trainer", 2, "first_batch_s", Double.NaN, false);
        if (results.containsKey("accuracy/2")) {
            row("time to 91% test accuracy, s (from process start)", "accuracy/2", "jcnn", 2, "time_to_target_s", 0.7, false);
            row("time to 91% test accuracy, s (Trainer, kernelspec JVM)", "accuracy/2", "trainer", 2, "time_to_target_s", 0.7, false);
            row("peak RSS MiB, accuracy run (test evaluation included)", "accuracy/2", "jcnn", 2, "rss_peak_mib", 0.8, false);
            row("peak RSS MiB, accuracy run (Trainer, kernelspec JVM)", "accuracy/2", "trainer", 2, "rss_peak_mib", 0.8, false);
            row("epochs to 91%", "accuracy/2", "jcnn", 2, "epochs", Double.NaN, false);
            row("epochs to 91% (Trainer)", "accuracy/2", "trainer", 2, "epochs", Double.NaN, false);
            row("final test accuracy", "accuracy/2", "jcnn", 2, "accuracy", Double.NaN, true);
            row("final test accuracy (Trainer)", "accuracy/2", "trainer", 2, "accuracy", Double.NaN, true);
        }
    }

    private void row(String label, String key, String side, int threads, String field, double target, boolean higherIsBetter) {
        if (!results.containsKey(key) || !results.get(key).containsKey(side)) {
            return;
        }
        double ratio = median(key, side, field) / median(key, "torch", field);
        double bestRatio = best(key, side, field, higherIsBetter) / best(key, "torch", field, higherIsBetter);
        String goal = "";
        if (!Double.isNaN(target)) {
            boolean met = higherIsBetter ? ratio >= target : ratio <= target;
            goal = (higherIsBetter ? "≥ " : "≤ ") + fmt(target) + (Double.isNaN(ratio) ? "" : met ? " met" : " MISSED");
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", label, threads,
                summary(key, side, field, higherIsBetter), summary(key, "torch", field, higherIsBetter), fmt(ratio), fmt(bestRatio), goal);
    }

    private void scalingRow(String label, String one, String two, String side, String field, double target) {
        if (!results.containsKey(one) || !results.containsKey(two) || !results.get(two).containsKey(side)) {
            return;
        }
        double j = median(two, side, field) / median(one, side, field);
        double p = median(two, "torch", field) / median(one, "torch", field);
        System.out.printf(Locale.ROOT, "| %s (medians) | 2 vs 1 | %s× | %s× | | | jcnn ≥ %s %s |%n", label, fmt(j), fmt(p),
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
