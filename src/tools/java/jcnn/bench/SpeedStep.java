package jcnn.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import jcnn.nn.F;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import jcnn.tensor.backend.Parallel;
import jcnn.tensor.backend.Sgemm;
import jcnn.tensor.backend.StepArena;

/**
 * Profiles one training step (forward, backward, Adam) of the lecture network or LeNet-5 on
 * random data, written directly with {@link F} ops, and prints the median time per operation,
 * forward and backward, and the images per second of the whole step.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp target/classes jcnn.bench.SpeedStep [lecture|lenet] [steps] [warmup]
 * </pre>
 * Threads come from {@code -Djcnn.threads} (default: all cores). A benchmark, not a test.
 */
public final class SpeedStep {
    private static final int BATCH = 64;

    private final Map<String, List<Long>> times = new LinkedHashMap<>();
    private final Map<Tensor, String> labels = new IdentityHashMap<>();
    private boolean recording;

    private SpeedStep() {
    }

    /** {@code op(in)}, its forward time recorded under {@code name} and its backward labelled. */
    private Tensor timed(String name, Tensor in, UnaryOperator<Tensor> op) {
        long start = System.nanoTime();
        Tensor t = op.apply(in);
        record(name + " fwd", System.nanoTime() - start);
        labels.put(t, name + " bwd");
        return t;
    }

    private void record(String key, long nanos) {
        if (recording) {
            times.computeIfAbsent(key, k -> new ArrayList<>()).add(nanos);
        }
    }

    /** conv - relu - 2x2 max-pool, the block both networks start with twice. */
    private Tensor convBlock(int i, Tensor x, Tensor[] conv, int padding) {
        Tensor h = timed("conv" + i, x, t -> F.conv2d(t, conv[0], conv[1], 1, padding));
        h = timed("relu" + i, h, F::relu);
        return timed("pool" + i, h, t -> F.maxPool2d(t, 2, 2));
    }

    private Tensor lecture(BenchNets.Lecture net, Tensor x, long step) {
        Tensor h = convBlock(1, x, net.conv1, 1);
        h = convBlock(2, h, net.conv2, 1);
        h = timed("flatten", h, F::flatten);
        h = timed("dropout", h, t -> F.dropout(t, 0.5f, true, 0x5eed0000L + step));
        h = timed("fc1", h, t -> F.linear(t, net.fc1[0], net.fc1[1]));
        h = timed("relu3", h, F::relu);
        return timed("fc2", h, t -> F.linear(t, net.fc2[0], net.fc2[1]));
    }

    private Tensor lenet(BenchNets.LeNet5 net, Tensor x) {
        Tensor h = convBlock(1, x, net.conv1, 2);
        h = convBlock(2, h, net.conv2, 0);
        h = timed("flatten", h, F::flatten);
        h = timed("fc1", h, t -> F.relu(F.linear(t, net.fc1[0], net.fc1[1])));
        h = timed("fc2", h, t -> F.relu(F.linear(t, net.fc2[0], net.fc2[1])));
        return timed("fc3", h, t -> F.linear(t, net.fc3[0], net.fc3[1]));
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "lecture";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        new SpeedStep().run(name, steps, warmup);
    }

    private void run(String name, int steps, int warmup) {
        BenchNets.Net net = BenchNets.create(name, 42);
        BenchNets.Adam adam = new BenchNets.Adam(net.params, 1e-3f);
        int batches = 8;
        BenchNets.RandomBatches data = BenchNets.RandomBatches.of(batches, BATCH);
        Tensor[] xs = data.images();
        int[][] ys = data.labels();
        TensorInternals.setBackwardObserver((t, nanos) -> {
            String label = labels.get(t);
            record(label == null ? t.operation() + " bwd" : label, nanos);
        });
        StepArena arena = new StepArena();
        for (int s = 0; s < warmup + steps; s++) {
            try (var stepScope = arena.open()) { // as jcnn's Trainer: the step's arrays are reused
                recording = s >= warmup;
                labels.clear();
                long start = System.nanoTime();
                Tensor x = xs[s % batches];
                Tensor logits = net instanceof BenchNets.Lecture l ? lecture(l, x, s) : lenet((BenchNets.LeNet5) net, x);
                int[] y = ys[s % batches];
                Tensor loss = timed("loss", logits, t -> F.crossEntropy(t, y));
                long fwdEnd = System.nanoTime();
                loss.backward();
                long bwdEnd = System.nanoTime();
                adam.step();
                long end = System.nanoTime();
                record("= forward", fwdEnd - start);
                record("= backward", bwdEnd - fwdEnd);
                record("= adam", end - bwdEnd);
                record("= step", end - start);
            }
        }
        TensorInternals.setBackwardObserver(null);
        System.out.printf("%s, batch %d, %d threads, gemm %s, java %s, %d steps after %d warm-up%n", name, BATCH,
                Parallel.threads(), Sgemm.kernelName(), System.getProperty("java.version"), steps, warmup);
        System.out.printf("%-16s %10s %10s%n", "op", "median ms", "share");
        double step = median(times.get("= step"));
        times.forEach((k, v) -> System.out.printf("%-16s %10.3f %9.1f%%%n", k, median(v) / 1e6, 100 * median(v) / step));
        System.out.printf("images/s (median step): %.0f%n", BATCH / (step / 1e9));
    }

    private static double median(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2.0;
    }
}
