package jcnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.google.gson.Gson;

import jcnn.nn.F;
import jcnn.tensor.NoGrad;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import jcnn.tensor.backend.StepArena;
import jcnn.tensor.backend.Parallel;
import jcnn.tensor.backend.Sgemm;

/**
 * jcnn side of the benchmark: one workload per process (started by {@link Bench}, with the
 * thread count in {@code -Djcnn.threads}), printing one {@code RESULT {json}} line. Mirrors
 * bench/torch_bench.py workload for workload; see there for the definitions.
 */
public final class Worker {
    private final Map<String, String> options = new LinkedHashMap<>();
    private final String workload;

    private Worker(String[] args) {
        workload = args[0];
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
    }

    private int intOption(String name, int fallback) {
        return options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
    }

    private double doubleOption(String name, double fallback) {
        return options.containsKey(name) ? Double.parseDouble(options.get(name)) : fallback;
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: Worker sgemm|conv|train|trainer|infer|predict [--reps R] [--net lenet|lecture] [--batches B]"
                    + " [--batch N] [--warmup W] [--epochs E] [--target ACC] [--max-seconds S] [--t0 EPOCH_SECONDS] [--data DIR]");
            System.exit(2);
        }
        Worker worker = new Worker(args);
        Map<String, Object> result = worker.run();
        result.put("rss_peak_mib", rssPeakMib());
        result.put("threads", Parallel.threads());
        result.put("gemm", Sgemm.kernelName());
        result.put("version", System.getProperty("java.version"));
        System.out.println("RESULT " + new Gson().toJson(result));
        System.out.flush();
        System.exit(0);
    }

    private Map<String, Object> run() throws IOException {
        switch (workload) {
            case "sgemm":
                return sgemm();
            case "conv":
                return conv();
            case "train":
                return train();
            case "trainer":
                return trainer();
            case "infer":
                return infer();
            case "predict":
                return predict();
            default:
                throw new IllegalArgumentException("bench worker: unknown workload '" + workload
                        + "'; expected sgemm, conv, train, trainer, infer or predict");
        }
    }

    /** Peak resident set of this process in MiB (VmHWM), NaN where /proc is missing. */
    static double rssPeakMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return Double.NaN;
    }

    private Map<String, Object> sgemm() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gflops", GemmBench.gflops(1024, 10, intOption("reps", 7)));
        return out;
    }

    /** Forward + input gradient + weight gradient: three products of 2*N*Co*H*W*C*9 flops. */
    private Map<String, Object> conv() {
        Map<String, Object> out = new LinkedHashMap<>();
        int reps = intOption("reps", 7);
        int[][] shapes = {{64, 1, 28, 28, 32}, {64, 32, 14, 14, 64}};
        String[] names = {"conv1", "conv2"};
        for (int s = 0; s < shapes.length; s++) {
            int n = shapes[s][0], c = shapes[s][1], h = shapes[s][2], w = shapes[s][3], co = shapes[s][4];
            Tensor x = Tensor.randn(1, n, c, h, w).requiresGrad();
            Tensor weight = Tensor.randn(2, co, c, 3, 3).requiresGrad();
            Tensor bias = Tensor.randn(3, co).requiresGrad();
            Tensor grad = Tensor.randn(4, n, co, h, w);
            double flops = 3 * 2.0 * n * co * h * w * c * 9;
            double[] rates = new double[reps];
            // untimed warm-up for at least --warmup-s seconds (default 3) and 5 repetitions: the
            // Vector API kernels run many times slower until C2 has compiled them, which takes
            // more than the 5 repetitions this used to warm up with
            // each pass in a step arena's scope, as a training step runs (the Trainer's): the layer's
            // arrays are reused from pass to pass, as PyTorch's caching allocator reuses its blocks
            StepArena arena = new StepArena();
            Runnable pass = () -> {
                try (var scope = arena.open()) {
                    F.conv2d(x, weight, bias, 1, 1).backward(grad);
                }
            };
            double warmupSeconds = doubleOption("warmup-s", 3);
            long warmupStart = System.nanoTime();
            for (int rep = 0; rep < 5 || System.nanoTime() - warmupStart < warmupSeconds * 1e9; rep++) {
                pass.run();
                x.zeroGrad();
                weight.zeroGrad();
                bias.zeroGrad();
            }
            for (int rep = 0; rep < reps; rep++) {
                long t0 = System.nanoTime();
                pass.run();
                long dt = System.nanoTime() - t0;
                x.zeroGrad();
                weight.zeroGrad();
                bias.zeroGrad();
                rates[rep] = flops / dt;
            }
            out.put(names[s] + "_gflops", Stats.median(rates));
        }
        return out;
    }

    private Path dataDir() {
        return Path.of(options.getOrDefault("data", "/usr/share/datasets/fashion-mnist"));
    }

    private Map<String, Object> train() throws IOException {
        double t0 = doubleOption("t0", System.currentTimeMillis() / 1000.0);
        int seed = intOption("seed", 1);
        double target = doubleOption("target", 0);
        FashionData train = FashionData.load(dataDir(), "train");
        FashionData test = target > 0 ? FashionData.load(dataDir(), "t10k") : null;
        BenchNets.Net net = BenchNets.create(options.getOrDefault("net", "lecture"), seed);
        BenchNets.Adam adam = new BenchNets.Adam(net.params, 1e-3f);
        int batch = intOption("batch", 64);
        int maxBatches = intOption("batches", 0);
        int epochs = Math.max(1, intOption("epochs", 1));
        double maxSeconds = doubleOption("max-seconds", 0);
        SplittableRandom random = new SplittableRandom(seed);
        Double firstBatch = null;
        Double timeToTarget = null;
        Double accuracy = null;
        List<Double> windowRates = new ArrayList<>();
        long images = 0;
        long trainNanos = 0;
        long step = 0;
        int epochsRun = 0;
        StepArena arena = new StepArena();
        float[] xb = new float[batch * 784];
        int[] yb = new int[batch];
        long start = System.nanoTime();
        int warmup = Math.min(intOption("warmup", 0), train.count / batch);
        if (warmup > 0) {
            // untimed warm-up batches (JIT, caches, arena filled), from their own shuffled pass
            int[] perm = permutation(train.count, random);
            for (int i = 0; i < warmup * batch; i += batch) {
                train.copyBatch(perm, i, i + batch, xb, yb);
                try (var stepScope = arena.open()) {
                    Tensor logits = net.forward(TensorInternals.wrap(xb, batch, 1, 28, 28), true, step++);
                    F.crossEntropy(logits, yb).backward();
                    adam.step();
                }
                if (firstBatch == null) {
                    firstBatch = System.currentTimeMillis() / 1000.0 - t0;
                }
            }
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] perm = permutation(train.count, random);
            int done = 0;
            long tEpoch = System.nanoTime();
            long tWindow = tEpoch;
            long window = 0;
            for (int i = 0; i < train.count; i += batch) {
                int size = Math.min(batch, train.count - i);
                float[] xs = size == batch ? xb : new float[size * 784];
                int[] ys = size == batch ? yb : new int[size];
                train.copyBatch(perm, i, i + size, xs, ys);
                try (var stepScope = arena.open()) { // as jcnn's Trainer: the step's arrays are reused
                    Tensor logits = net.forward(TensorInternals.wrap(xs, size, 1, 28, 28), true, step++);   // refilled after the step
                    F.crossEntropy(logits, ys).backward();
                    adam.step();
                }
                if (firstBatch == null) {
                    firstBatch = System.currentTimeMillis() / 1000.0 - t0;
                }
                done++;
                images += size;
                window += size;
                if (done % 100 == 0) {
                    long now = System.nanoTime();
                    windowRates.add(window * 1e9 / (now - tWindow));
                    tWindow = now;
                    window = 0;
                }
                if (maxBatches > 0 && done >= maxBatches) {
                    break;
                }
            }
            trainNanos += System.nanoTime() - tEpoch;
            epochsRun++;
            if (test != null) {
                accuracy = evaluate(net, test);
                if (accuracy >= target) {
                    timeToTarget = System.currentTimeMillis() / 1000.0 - t0;
                    break;
                }
            }
            if (maxSeconds > 0 && System.currentTimeMillis() / 1000.0 - t0 > maxSeconds) {
                break;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images_per_s", images * 1e9 / trainNanos);
        out.put("batch", batch);
        out.put("first_batch_s", firstBatch);
        out.put("epochs", epochsRun);
        double[] w = windowRates.stream().mapToDouble(Double::doubleValue).toArray();
        out.put("window_median_images_per_s", w.length == 0 ? null : Stats.median(w));
        out.put("train_wall_s", (System.nanoTime() - start) / 1e9);
        if (test != null) {
            out.put("accuracy", accuracy);
            out.put("time_to_target_s", timeToTarget);
        }
        return out;
    }

    /** Thrown by the listener to end a Trainer run after the batches asked for. */
    private static final class Enough extends RuntimeException {
        Enough() {
            super("enough batches", null, false, false);
        }
    }

    /** Sets {@code jcnn.data} to the data directory, as a user would point jcnn at the files. */
    private void pointJcnnAtTheData() {
        System.setProperty("jcnn.data", dataDir().toString());
    }

    /** The network {@code name} (lenet, else the lecture's) built by {@code Cnn} with {@code --seed} (default 1). */
    private jcnn.model.Net publicNet(String name) {
        return (name.equals("lenet") ? LectureNets.lenet() : LectureNets.lecture()).seed(intOption("seed", 1)).build();
    }

    /**
     * Training through the public API, as a notebook runs it:
     * {@code Cnn...build().train(data).epochs(1).batch(64).optimizer(adam(1e-3)).seed(s).quiet().run()},
     * timed by a listener from the end of the warm-up batches to the end of the last batch (a
     * whole epoch when --batches is 0). Started by {@link Bench} with the kernelspec's JVM options.
     * With --target, the accuracy run instead ({@link #trainerToTarget}).
     */
    private Map<String, Object> trainer() {
        double t0 = doubleOption("t0", System.currentTimeMillis() / 1000.0);
        String name = options.getOrDefault("net", "lecture");
        int warmup = intOption("warmup", 0);
        int maxBatches = intOption("batches", 0);
        pointJcnnAtTheData();
        jcnn.data.Dataset data = jcnn.data.FashionMnist.train();
        jcnn.model.Net net = publicNet(name);
        int batch = intOption("batch", 64);
        double target = doubleOption("target", 0);
        if (target > 0) {
            return trainerToTarget(net, data, t0, target, batch);
        }
        int perEpoch = (data.size() + batch - 1) / batch;
        // warm-up batches, then the timed ones: --batches, or as many as an epoch has when 0
        int total = warmup + (maxBatches > 0 ? maxBatches : perEpoch);
        int epochs = (total + perEpoch - 1) / perEpoch;
        int timedFrom = warmup;
        long[] marks = new long[2];
        double[] firstBatch = {Double.NaN};
        int[] seen = {0};
        jcnn.model.TrainingListener timer = new jcnn.model.TrainingListener() {
            @Override
            public void onStart(Progress p) {
                marks[0] = System.nanoTime();
            }

            @Override
            public void onBatch(Progress p) {
                seen[0]++;
                if (seen[0] == 1) {
                    firstBatch[0] = System.currentTimeMillis() / 1000.0 - t0;
                }
                if (seen[0] == timedFrom) {
                    marks[0] = System.nanoTime();
                }
                if (seen[0] == total) {
                    marks[1] = System.nanoTime();
                    throw new Enough();
                }
            }
        };
        try {
            net.train(data).epochs(epochs).batch(batch).optimizer(jcnn.optim.Optimizers.adam(1e-3))
                    .seed(intOption("seed", 1)).quiet().callbacks(timer).run();
        } catch (Enough done) {
            // the batches asked for are done
        }
        if (marks[1] == 0) {
            marks[1] = System.nanoTime();
        }
        int timedBatches = total - timedFrom;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images_per_s", timedBatches * (double) batch * 1e9 / (marks[1] - marks[0]));
        out.put("first_batch_s", firstBatch[0]);
        out.put("timed_batches", timedBatches);
        return out;
    }

    /**
     * The accuracy run through the public API: {@code net.train(train).validate(test)...run()} for
     * up to --epochs epochs, stopped by a listener after the first epoch whose test accuracy (the
     * Trainer's validation pass) reaches --target, or after --max-seconds. Times from --t0.
     */
    private Map<String, Object> trainerToTarget(jcnn.model.Net net, jcnn.data.Dataset data, double t0, double target,
                                                int batch) {
        jcnn.data.Dataset test = jcnn.data.FashionMnist.test();
        double maxSeconds = doubleOption("max-seconds", 0);
        int maxEpochs = Math.max(1, intOption("epochs", 1));
        double[] timeToTarget = {Double.NaN};
        int[] epochsRun = {0};
        double[] accuracy = {Double.NaN};
        double[] firstBatch = {Double.NaN};
        jcnn.model.TrainingListener stopper = new jcnn.model.TrainingListener() {
            private boolean stop;

            @Override
            public void onBatch(Progress p) {
                if (Double.isNaN(firstBatch[0])) {
                    firstBatch[0] = System.currentTimeMillis() / 1000.0 - t0;
                }
            }

            @Override
            public void onEpoch(Progress p) {
                List<Double> acc = p.history().validationAccuracy();
                accuracy[0] = acc.get(acc.size() - 1);
                epochsRun[0] = p.epoch();
                double now = System.currentTimeMillis() / 1000.0 - t0;
                if (accuracy[0] >= target) {
                    timeToTarget[0] = now;
                    stop = true;
                } else if (maxSeconds > 0 && now > maxSeconds) {
                    stop = true;
                }
            }

            @Override
            public boolean stopRequested() {
                return stop;
            }
        };
        net.train(data).validate(test).epochs(maxEpochs).batch(batch).optimizer(jcnn.optim.Optimizers.adam(1e-3))
                .seed(intOption("seed", 1)).quiet().callbacks(stopper).run();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("first_batch_s", firstBatch[0]);
        out.put("epochs", epochsRun[0]);
        out.put("accuracy", accuracy[0]);
        out.put("time_to_target_s", Double.isNaN(timeToTarget[0]) ? null : timeToTarget[0]);
        return out;
    }

    static int[] permutation(int n, SplittableRandom random) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        return perm;
    }

    static double evaluate(BenchNets.Net net, FashionData data) {
        int batch = 256;
        int correct = 0;
        StepArena arena = new StepArena(); // as jcnn's Evaluation: each batch's arrays are reused
        int[] ys = new int[batch];
        try (NoGrad ignored = Tensor.noGrad()) {
            for (int i = 0; i < data.count; i += batch) {
                int size = Math.min(batch, data.count - i);
                float[] xs = new float[size * 784];
                data.copyBatch(null, i, i + size, xs, ys);
                try (var batchScope = arena.open()) {
                    float[] logits = TensorInternals.data(net.forward(Tensor.of(xs, size, 1, 28, 28), false, 0));
                    for (int j = 0; j < size; j++) {
                        int best = 0;
                        for (int c = 1; c < 10; c++) {
                            if (logits[j * 10 + c] > logits[j * 10 + best]) {
                                best = c;
                            }
                        }
                        if (best == data.labels[i + j]) {
                            correct++;
                        }
                    }
                }
            }
        }
        return correct / (double) data.count;
    }

    private Map<String, Object> infer() throws IOException {
        FashionData test = FashionData.load(dataDir(), "t10k");
        BenchNets.Net net = BenchNets.create("lecture", intOption("seed", 1));
        int batch = 256;
        int batches = intOption("batches", 0);
        if (batches <= 0) {
            batches = test.count / batch;
        }
        int reps = intOption("reps", 3);
        double[] rates = new double[reps];
        float[] xs = new float[batch * 784];
        int[] ys = new int[batch];
        StepArena arena = new StepArena(); // as jcnn's Evaluation
        try (NoGrad ignored = Tensor.noGrad()) {
            for (int rep = -1; rep < reps; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < batches; i++) {
                    int j = (i * batch) % (test.count - batch);
                    test.copyBatch(null, j, j + batch, xs, ys);
                    try (var batchScope = arena.open()) {
                        net.forward(Tensor.of(xs, batch, 1, 28, 28), false, 0);
                    }
                }
                if (rep >= 0) {
                    rates[rep] = (double) batches * batch * 1e9 / (System.nanoTime() - t0);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images_per_s", Stats.median(rates));
        return out;
    }

    /**
     * Inference through the public API, as a notebook runs it: {@code net.evaluate(FashionMnist.test())}
     * on the lecture network built by {@code Cnn} (its layers fused as in training and prediction,
     * batches of 256, the loss, predictions and confusion matrix computed), one untimed pass, then
     * the median of {@code --reps} timed passes over the 10,000 test images.
     */
    private Map<String, Object> predict() {
        pointJcnnAtTheData();
        jcnn.data.Dataset test = jcnn.data.FashionMnist.test();
        jcnn.model.Net net = publicNet("lecture");
        int reps = intOption("reps", 3);
        long[] nanos = new long[reps];
        double[] rates = new double[reps];
        double accuracy = Double.NaN;
        for (int rep = -1; rep < reps; rep++) {
            if (rep == 0) {
                jcnn.tensor.backend.ParallelProfile.reset();   // the timed passes only
            }
            long t0 = System.nanoTime();
            accuracy = net.evaluate(test).accuracy();
            if (rep >= 0) {
                nanos[rep] = System.nanoTime() - t0;
                rates[rep] = test.size() * 1e9 / nanos[rep];
            }
        }
        if (jcnn.tensor.backend.ParallelProfile.enabled()) {
            FusionStep.printProfile(nanos, reps, "pass over the test set");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images_per_s", Stats.median(rates));
        out.put("rates", rates);
        out.put("untrained_accuracy", accuracy);
        return out;
    }
}
