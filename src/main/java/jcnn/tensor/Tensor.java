package jcnn.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import jcnn.tensor.backend.Elementwise;
import jcnn.tensor.backend.Reduce;
import jcnn.tensor.backend.StepArena;
import jcnn.tensor.backend.Sgemm;

/**
 * A float32 tensor of any rank, stored row-major (images are NCHW), with define-by-run
 * autograd.
 *
 * <p>Every operation on tensors that require gradients records its inputs and a hand-written
 * backward step; {@link #backward()} walks that tape in reverse topological order and
 * accumulates gradients into every tensor that requires them.
 * <pre>
 *   Tensor w = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad();
 *   Tensor loss = w.square().sum();      // 1 + 4 + 9 = 14
 *   loss.backward();
 *   w.grad();                            // 2 4 6
 * </pre>
 * Inside {@code try (var g = Tensor.noGrad()) { ... }} nothing is recorded (per thread).
 *
 * <p>Element-wise operations take tensors of the same shape, or a scalar (rank 0 or one
 * element) on either side; anything else throws {@link ShapeMismatchException}.
 */
public final class Tensor {
    /** Tensors with at most this many elements print in full; larger ones print a summary. */
    static final int PRINT_LIMIT = 1024;

    private final float[] data;
    private final int[] shape;
    private final String operation;     // null for leaves
    private final Tensor[] inputs;      // null for leaves
    private final TensorInternals.Backward backwardStep; // null for leaves
    private boolean requiresGrad;
    private float[] grad;               // leaves: accumulated; results: the last backward pass
    private float[] spareGrad;          // a leaf's gradient array cleared by zeroGrad() in a step, reused
    private float[] passGrad;           // results: gradient being accumulated in a backward pass

    private Tensor(float[] data, int[] shape, String operation, Tensor[] inputs, TensorInternals.Backward backwardStep) {
        this.data = data;
        this.shape = shape;
        this.operation = operation;
        this.inputs = inputs;
        this.backwardStep = backwardStep;
        this.requiresGrad = backwardStep != null;
    }

    // ------------------------------------------------------------------ creation

    /**
     * A tensor holding a copy of {@code data} with the given shape (row-major).
     * {@code Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)} is the matrix {@code 1 2 3 / 4 5 6}.
     *
     * @throws ShapeMismatchException if the product of the shape is not {@code data.length}
     */
    public static Tensor of(float[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("Tensor.of: data is null; pass a float[] of values");
        }
        return wrap(data.clone(), shape);
    }

    /** See {@link TensorInternals#wrap}. */
    static Tensor wrap(float[] data, int... shape) {
        int[] s = checkedShape("Tensor.of", shape);
        if (Shapes.numel(s) != data.length) {
            throw new ShapeMismatchException("Tensor.of", "a shape holding " + data.length + " values (data.length)", s,
                    "that shape holds " + Shapes.numel(s) + "; the product of the dims must equal data.length");
        }
        return new Tensor(data, s, null, null, null);
    }

    /** A rank-0 tensor (shape {@code ()}) holding {@code value}. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, new int[0], null, null, null);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        int[] s = checkedShape("Tensor.zeros", shape);
        return new Tensor(new float[numelOf("Tensor.zeros", s)], s, null, null, null);
    }

    /** A tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A tensor whose every element is {@code value}. */
    public static Tensor full(float value, int... shape) {
        int[] s = checkedShape("Tensor.full", shape);
        float[] d = new float[numelOf("Tensor.full", s)];
        Arrays.fill(d, value);
        return new Tensor(d, s, null, null, null);
    }

    /**
     * Standard normal N(0, 1) samples, seeded: the same seed gives the same values on every
     * machine and JDK (SplittableRandom's 64-bit stream and the Box-Muller transform in StrictMath).
     */
    public static Tensor randn(long seed, int... shape) {
        int[] s = checkedShape("Tensor.randn", shape);
        float[] d = new float[numelOf("Tensor.randn", s)];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < d.length; i += 2) {
            double u1 = unit(random);
            double u2 = unit(random);
            // NOTE: 1 - u1 lies in (0, 1], so the log is finite
            // StrictMath: Math.log/cos/sin may differ by an ulp between JVMs and CPUs
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - u1));
            double theta = 2.0 * StrictMath.PI * u2;
            d[i] = (float) (r * StrictMath.cos(theta));
            if (i + 1 < d.length) {
                d[i + 1] = (float) (r * StrictMath.sin(theta));
            }
        }
        return new Tensor(d, s, null, null, null);
    }

    /** Uniform samples in [0, 1), seeded (same values on every machine). */
    public static Tensor rand(long seed, int... shape) {
        return uniform(seed, 0f, 1f, shape);
    }

    /** Uniform samples in [low, high), seeded (same values on every machine). */
    public static Tensor uniform(long seed, float low, float high, int... shape) {
        if (!(high > low)) {
            throw new IllegalArgumentException("Tensor.uniform: expected low < high but got low = " + low
                    + ", high = " + high);
        }
        int[] s = checkedShape("Tensor.uniform", shape);
        float[] d = new float[numelOf("Tensor.uniform", s)];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < d.length; i++) {
            float v = (float) (low + (high - (double) low) * unit(random));
            d[i] = v < high ? v : Math.nextDown(high); // float rounding could reach high
        }
        return new Tensor(d, s, null, null, null);
    }

    /** A double in [0, 1) from the top 53 bits of the next long. */
    private static double unit(SplittableRandom random) {
        return (random.nextLong() >>> 11) * 0x1.0p-53;
    }

    /** See {@link TensorInternals#fromOp}. */
    static Tensor fromOp(String operation, float[] data, int[] shape, TensorInternals.Backward backward,
            Tensor... inputs) {
        int[] s = shape.clone();
        if (Shapes.numel(s) != data.length) {
            throw new IllegalStateException(operation + ": internal error, " + data.length
                    + " values for shape " + Shapes.toString(s));
        }
        boolean record = false;
        if (isGradEnabled() && backward != null) {
            for (Tensor t : inputs) {
                if (t != null && t.requiresGrad) {
                    record = true;
                    break;
                }
            }
        }
        if (!record) {
            return new Tensor(data, s, null, null, null);
        }
        return new Tensor(data, s, operation, inputs.clone(), backward);
    }

    private static int[] checkedShape(String operation, int[] shape) {
        if (shape == null) {
            throw new IllegalArgumentException(operation + ": shape is null; pass the dims, e.g. (2, 3)");
        }
        for (int d : shape) {
            if (d < 0) {
                throw new ShapeMismatchException(operation, "dims >= 0", shape, "a dim of " + d + " is negative");
            }
        }
        return shape.clone();
    }

    private static int numelOf(String operation, int[] shape) {
        long n = Shapes.numel(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new ShapeMismatchException(operation, "at most " + (Integer.MAX_VALUE - 8) + " elements", shape,
                    "that is " + n + " elements; a Java array cannot hold them");
        }
        return (int) n;
    }

    // ------------------------------------------------------------------ shape and values

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of axes (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** The length of one axis; negative axes count from the end ({@code -1} is the last). */
    public int size(int axis) {
        int a = axis < 0 ? axis + shape.length : axis;
        if (a < 0 || a >= shape.length) {
            throw new IndexOutOfBoundsException("size(" + axis + "): a tensor of shape " + Shapes.toString(shape)
                    + " has axes 0.." + (shape.length - 1) + " (or -" + shape.length + "..-1)");
        }
        return shape[a];
    }

    /** The number of elements. */
    public int numel() {
        return data.length;
    }

    /** The values, row-major (a copy). */
    public float[] toArray() {
        return data.clone();
    }

    /** See {@link TensorInternals#data}. */
    float[] data() {
        return data;
    }

    /**
     * The value of a single-element tensor (a loss, a scalar).
     *
     * @throws IllegalStateException if the tensor has more than one element
     */
    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item(): expected a single-element tensor but got shape "
                    + Shapes.toString(shape) + "; reduce it first, e.g. sum() or mean(), or use get(i, j, ...)");
        }
        return data[0];
    }

    /** The element at {@code index} (one index per axis). */
    public float get(int... index) {
        return data[offset(index)];
    }

    private int offset(int[] index) {
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException("get: a tensor of shape " + Shapes.toString(shape) + " needs "
                    + shape.length + " indices but got " + index.length + " " + Arrays.toString(index));
        }
        int off = 0;
        for (int a = 0; a < shape.length; a++) {
            if (index[a] < 0 || index[a] >= shape[a]) {
                throw new IndexOutOfBoundsException("get: index " + index[a] + " on axis " + a + " is outside 0.."
                        + (shape[a] - 1) + " of shape " + Shapes.toString(shape));
            }
            off = off * shape[a] + index[a];
        }
        return off;
    }

    // ------------------------------------------------------------------ shape operations

    /**
     * The same values with another shape of the same element count; one dim may be -1 and is
     * inferred. The result does not share storage (autograd-aware: gradients flow back).
     *
     * @throws ShapeMismatchException if the element counts differ
     */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int inferred = -1;
        long known = 1;
        for (int a = 0; a < s.length; a++) {
            if (s[a] == -1) {
                if (inferred >= 0) {
                    throw new ShapeMismatchException("reshape", "at most one -1", s, "give every dim but one");
                }
                inferred = a;
            } else if (s[a] < 0) {
                throw new ShapeMismatchException("reshape", "dims >= 0 (or one -1)", s, "a dim of " + s[a] + " is negative");
            } else {
                known *= s[a];
            }
        }
        if (inferred >= 0) {
            if (known == 0 || data.length % known != 0) {
                throw new ShapeMismatchException("reshape", "a shape with " + data.length + " elements", s,
                        "the other dims multiply to " + known + ", which does not divide " + data.length
                                + " (from " + Shapes.toString(shape) + ")");
            }
            s[inferred] = (int) (data.length / known);
        } else if (known != data.length) {
            throw new ShapeMismatchException("reshape", "a shape with " + data.length + " elements like "
                    + Shapes.toString(shape), s, "that shape has " + known + " elements");
        }
        float[] copy = StepArena.floatsOverwritten(data.length);   // inside a training step: the step's reused array
        System.arraycopy(data, 0, copy, 0, data.length);
        return fromOp("reshape", copy, s, g -> accumulate(this, g), this);
    }

    /**
     * The transpose of a matrix: {@code (m, n) -> (n, m)}.
     *
     * @throws ShapeMismatchException if the tensor is not 2-D
     */
    public Tensor transpose() {
        if (shape.length != 2) {
            throw new ShapeMismatchException("transpose", "a matrix (m, n)", shape, "reshape to 2-D first");
        }
        int m = shape[0];
        int n = shape[1];
        float[] out = StepArena.floats(data.length);
        transposeInto(data, m, n, out);
        return fromOp("transpose", out, new int[] {n, m}, g -> {
            float[] gx = gradBuffer();
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    gx[i * n + j] += g[j * m + i];
                }
            }
        }, this);
    }

    private static void transposeInto(float[] src, int m, int n, float[] dst) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                dst[j * m + i] = src[i * n + j];
            }
        }
    }

    /** A copy of the values with no autograd link. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone(), null, null, null);
    }

    /** A copy of the values that requires no gradient and records nothing (cuts the tape). */
    public Tensor detach() {
        return copy();
    }

    // ------------------------------------------------------------------ element-wise arithmetic

    /** Element-wise {@code this + o} (same shape, or a scalar on either side). */
    public Tensor add(Tensor o) {
        return binary("add", o, Tensor::addKernel);
    }

    /** Element-wise {@code this - o} (same shape, or a scalar on either side). */
    public Tensor sub(Tensor o) {
        return binary("sub", o, Tensor::subKernel);
    }

    /** Element-wise {@code this * o} (same shape, or a scalar on either side). */
    public Tensor mul(Tensor o) {
        return binary("mul", o, Tensor::mulKernel);
    }

    /** Element-wise {@code this / o} (same shape, or a scalar on either side). */
    public Tensor div(Tensor o) {
        return binary("div", o, Tensor::divKernel);
    }

    /** {@code this + s} for every element. */
    public Tensor add(float s) {
        float[] out = StepArena.floats(data.length);
        Elementwise.forEach(out.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = data[i] + s;
            }
        });
        return fromOp("add", out, shape, g -> accumulate(this, g), this);
    }

    /** {@code this * s} for every element. */
    public Tensor mul(float s) {
        float[] out = StepArena.floats(data.length);
        Elementwise.forEach(out.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = data[i] * s;
            }
        });
        return fromOp("mul", out, shape, g -> {
            float[] gx = gradBuffer();
            Elementwise.forEach(g.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    gx[i] += g[i] * s;
                }
            });
        }, this);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return mul(-1f);
    }

    /** Element-wise e^x. */
    public Tensor exp() {
        float[] out = map(v -> (float) Math.exp(v));
        return fromOp("exp", out, shape, g -> backwardMap(g, i -> out[i]), this);
    }

    /** Element-wise natural logarithm (-Infinity at 0, NaN below). */
    public Tensor log() {
        float[] out = map(v -> (float) Math.log(v));
        return fromOp("log", out, shape, g -> backwardMap(g, i -> 1f / data[i]), this);
    }

    /** Element-wise |x| (its gradient at 0 is taken as 0). */
    public Tensor abs() {
        float[] out = map(Math::abs);
        return fromOp("abs", out, shape, g -> backwardMap(g, i -> Math.signum(data[i])), this);
    }

    /** Element-wise x^2. */
    public Tensor square() {
        float[] out = map(v -> v * v);
        return fromOp("square", out, shape, g -> backwardMap(g, i -> 2f * data[i]), this);
    }

    /** Element-wise square root. */
    public Tensor sqrt() {
        float[] out = map(v -> (float) Math.sqrt(v));
        return fromOp("sqrt", out, shape, g -> backwardMap(g, i -> 0.5f / out[i]), this);
    }

    // ------------------------------------------------------------------ reductions, matmul

    /** The sum of all elements, as a scalar (shape {@code ()}); summed in double in a fixed order. */
    public Tensor sum() {
        float s = (float) Reduce.sum(data, 0, data.length);
        return fromOp("sum", new float[] {s}, new int[0], g -> {
            float[] gx = gradBuffer();
            float v = g[0];
            Elementwise.forEach(gx.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    gx[i] += v;
                }
            });
        }, this);
    }

    /** The mean of all elements, as a scalar (shape {@code ()}). */
    public Tensor mean() {
        int n = data.length;
        float m = (float) (Reduce.sum(data, 0, n) / n);
        return fromOp("mean", new float[] {m}, new int[0], g -> {
            float[] gx = gradBuffer();
            float v = g[0] / n;
            Elementwise.forEach(gx.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    gx[i] += v;
                }
            });
        }, this);
    }

    /**
     * Matrix product {@code (m, k) x (k, n) -> (m, n)}, on the parallel SGEMM.
     *
     * @throws ShapeMismatchException if either is not 2-D or the inner sizes differ
     */
    public Tensor matmul(Tensor o) {
        if (shape.length != 2) {
            throw new ShapeMismatchException("matmul", "a matrix (m, k) on the left", shape, "reshape to 2-D first");
        }
        if (o.shape.length != 2 || o.shape[0] != shape[1]) {
            throw new ShapeMismatchException("matmul", "a right matrix (" + shape[1] + ", n)", o.shape,
                    "the left matrix is " + Shapes.toString(shape) + ", so the right one needs " + shape[1] + " rows");
        }
        int m = shape[0];
        int k = shape[1];
        int n = o.shape[1];
        float[] out = StepArena.floats(m * n);
        Sgemm.gemm(false, false, m, n, k, 1f, data, 0, k, o.data, 0, n, 0f, out, 0, n);
        return fromOp("matmul", out, new int[] {m, n}, g -> {
            if (requiresGrad) {   // dA = dC B^T, stored (beta 0) when it is the first gradient into A
                float[] fresh = freshGradBuffer();
                Sgemm.gemm(false, true, m, k, n, 1f, g, 0, n, o.data, 0, n, fresh == null ? 1f : 0f,
                        fresh == null ? gradBuffer() : fresh, 0, k);
            }
            if (o.requiresGrad) { // dB = A^T dC
                float[] fresh = o.freshGradBuffer();
                Sgemm.gemm(true, false, k, n, m, 1f, data, 0, k, g, 0, n, fresh == null ? 1f : 0f,
                        fresh == null ? o.gradBuffer() : fresh, 0, n);
            }
        }, this, o);
    }

    // ------------------------------------------------------------------ autograd

    /** Marks this tensor as needing a gradient (a parameter or an input to differentiate); returns this. */
    public Tensor requiresGrad() {
        requiresGrad = true;
        return this;
    }

    /** True for leaves marked with {@link #requiresGrad()} and for every result computed from one (outside no-grad). */
    public boolean isRequiresGrad() {
        return requiresGrad;
    }

    /** The operation that produced this tensor on the tape ({@code "conv2d"}, ...), or null for a leaf. */
    public String operation() {
        return operation;
    }

    /**
     * Back-propagates from a single-element tensor (a loss): seeds d(this)/d(this) = 1 and
     * accumulates gradients into every tensor on the tape that requires them.
     *
     * @throws IllegalStateException if this has more than one element or requires no gradient
     */
    public void backward() {
        if (data.length != 1) {
            throw new IllegalStateException("backward(): expected a single-element tensor (a loss) but got shape "
                    + Shapes.toString(shape) + "; reduce it with sum() or mean(), or call backward(Tensor.ones("
                    + Shapes.toString(shape).replaceAll("[()]", "") + "))");
        }
        backward(full(1f, shape));
    }

    /**
     * Back-propagates {@code upstream} (d loss / d this, same shape as this) through the tape.
     * Leaves accumulate (+=) into their gradient; results keep the gradient of this pass.
     *
     * @throws ShapeMismatchException if {@code upstream}'s shape differs from this tensor's
     */
    public void backward(Tensor upstream) {
        if (!Arrays.equals(upstream.shape, shape)) {
            throw new ShapeMismatchException("backward", "an upstream gradient of shape " + Shapes.toString(shape),
                    upstream.shape, "the upstream gradient has the shape of the tensor it differentiates");
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward(): this tensor does not depend on any tensor that requires a "
                    + "gradient; call requiresGrad() on the parameters or inputs before computing it, outside Tensor.noGrad()");
        }
        if (backwardStep == null) {
            accumulate(this, upstream.data);
            return;
        }
        List<Tensor> order = topologicalOrder();
        for (Tensor t : order) {
            t.passGrad = null;
        }
        passGrad = upstream.data.clone();
        try (NoGrad ignored = new NoGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                if (t.backwardStep == null || t.passGrad == null) {
                    continue;
                }
                jcnn.tensor.backend.Parallel.checkInterrupted();
                float[] g = t.passGrad;
                TensorInternals.BackwardObserver observer = backwardObserver;
                if (observer == null) {
                    t.backwardStep.apply(g);
                } else {
                    long start = System.nanoTime();
                    t.backwardStep.apply(g);
                    observer.finished(t, System.nanoTime() - start);
                }
                t.grad = g;
                t.passGrad = null;
            }
        } finally {
            for (Tensor t : order) {
                t.passGrad = null;
            }
        }
    }

    /** Set by {@link TensorInternals#setBackwardObserver}; null when nobody profiles. */
    static volatile TensorInternals.BackwardObserver backwardObserver;

    /** Results before the tensors computed from them; only tensors that require grad. */
    private List<Tensor> topologicalOrder() {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();  // {tensor, next input index}
        stack.push(new Object[] {this, 0});
        visited.add(this);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            if (t.inputs != null && next < t.inputs.length) {
                frame[1] = next + 1;
                Tensor in = t.inputs[next];
                if (in != null && in.requiresGrad && visited.add(in)) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    /** See {@link TensorInternals#freshGradBuffer}. */
    float[] freshGradBuffer() {
        return firstGrad("freshGradBuffer()", false);
    }

    /** See {@link TensorInternals#gradBuffer}. */
    float[] gradBuffer() {
        float[] first = firstGrad("gradBuffer()", true);
        return first != null ? first : backwardStep == null ? grad : passGrad;
    }

    /**
     * The array of this tensor's first gradient in the pass (a leaf: since {@link #zeroGrad()}),
     * zeroed when {@code zeroed}, else whatever a reused array held; null when a gradient has
     * flowed already (it is then {@code grad} for a leaf, {@code passGrad} for a result).
     */
    private float[] firstGrad(String caller, boolean zeroed) {
        if (!requiresGrad) {
            throw new IllegalStateException(caller + ": this tensor requires no gradient");
        }
        if (backwardStep == null) {
            if (grad != null) {
                return null;
            }
            float[] spare = spareGrad;
            spareGrad = null;
            if (spare != null && spare.length == data.length) {
                if (zeroed) {
                    java.util.Arrays.fill(spare, 0f);
                }
                grad = spare;
            } else {
                grad = new float[data.length];
            }
            return grad;
        }
        if (passGrad != null) {
            return null;
        }
        passGrad = zeroed ? StepArena.floats(data.length) : StepArena.floatsOverwritten(data.length);
        return passGrad;
    }

    private static void accumulate(Tensor t, float[] g) {
        if (!t.requiresGrad) {
            return;
        }
        float[] fresh = t.freshGradBuffer();
        if (fresh != null) {   // the first gradient into t in this pass: a copy, not zeros and an addition
            Elementwise.forEach(g.length, (from, to) -> System.arraycopy(g, from, fresh, from, to - from));
            return;
        }
        float[] gx = t.gradBuffer();
        Elementwise.forEach(g.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                gx[i] += g[i];
            }
        });
    }

    /**
     * The gradient accumulated by {@link #backward()} (same shape), or null if none has flowed
     * here since the last {@link #zeroGrad()}. For a leaf its storage is the live accumulator.
     */
    public Tensor grad() {
        return grad == null ? null : new Tensor(grad, shape.clone(), null, null, null);
    }

    /**
     * Clears the gradient (optimizers call it before each step's backward): {@link #grad()} is
     * null until a gradient flows here again. Inside a training step ({@link StepArena} open on
     * this thread) the cleared array is kept and the next gradient reuses it, zeroed, so a
     * training loop does not allocate its parameter gradients anew every step; a gradient tensor
     * obtained before such a {@code zeroGrad()} must then not be read after the next backward pass.
     */
    public void zeroGrad() {
        if (grad != null && backwardStep == null && StepArena.isOpen()) {
            spareGrad = grad;
        }
        grad = null;
    }

    /** Opens a scope in which operations on this thread record no tape: {@code try (var g = Tensor.noGrad()) { ... }}. */
    public static NoGrad noGrad() {
        return new NoGrad();
    }

    /** False inside a {@link #noGrad()} scope on this thread. */
    public static boolean isGradEnabled() {
        return !NoGrad.active();
    }

    // ------------------------------------------------------------------ printing

    /**
     * Small tensors (up to 1024 elements, rows of at most 32) print their values as aligned
     * rows, like the lecture's matrices: the convolution of the lecture's 5x5 image prints
     * <pre>
     * 4 3 4
     * 2 4 3
     * 2 3 4
     * </pre>
     * Higher ranks print each trailing 2-D slice under its leading index. Larger tensors print
     * their shape, min, max and mean.
     */
    @Override
    public String toString() {
        return TensorFormat.format(data, shape);
    }

    // ------------------------------------------------------------------ helpers

    @FunctionalInterface
    private interface FloatOp {
        float apply(float v);
    }

    @FunctionalInterface
    private interface Derivative {
        float at(int i);
    }

    @FunctionalInterface
    private interface BinaryKernel {
        void run(Tensor a, Tensor b, float[] out, Tensor result);
    }

    private float[] map(FloatOp f) {
        float[] out = StepArena.floats(data.length);
        Elementwise.forEach(out.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = f.apply(data[i]);
            }
        });
        return out;
    }

    private void backwardMap(float[] g, Derivative d) {
        float[] gx = gradBuffer();
        Elementwise.forEach(g.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                gx[i] += g[i] * d.at(i);
            }
        });
    }

    private Tensor binary(String op, Tensor o, BinaryKernel kernel) {
        if (o == null) {
            throw new IllegalArgumentException(op + ": the other tensor is null");
        }
        int[] outShape;
        if (Arrays.equals(shape, o.shape)) {
            outShape = shape;
        } else if (o.data.length == 1) {
            outShape = shape;
        } else if (data.length == 1) {
            outShape = o.shape;
        } else {
            throw new ShapeMismatchException(op, Shapes.toString(shape) + " or a scalar", o.shape,
                    "element-wise operations need equal shapes; reshape one side or use a scalar");
        }
        float[] out = StepArena.floats((int) Shapes.numel(outShape));
        kernel.run(this, o, out, null);
        Tensor[] result = new Tensor[1];
        result[0] = fromOp(op, out, outShape, g -> binaryBackward(op, this, o, g, result[0]), this, o);
        return result[0];
    }

    /** Reads a[i], broadcasting a single element. */
    private static float at(float[] a, int i) {
        return a.length == 1 ? a[0] : a[i];
    }

    private static void addKernel(Tensor a, Tensor b, float[] out, Tensor unused) {
        float[] x = a.data;
        float[] y = b.data;
        Elementwise.forEach(out.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = at(x, i) + at(y, i);
            }
        });
    }

    private static void subKernel(Tensor a, Tensor b, float[] out, Tensor unused) {
        float[] x = a.data;
        float[] y = b.data;
        Elementwise.forEach(out.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = at(x, i) - at(y, i);
            }
        });
    }

    private static void mulKernel(Tensor a, Tensor b, float[] out, Tensor unused) {
        float[] x = a.data;
        float[] y = b.data;
        Elementwise.forEach(out.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = at(x, i) * at(y, i);
            }
        });
    }

    private static void divKernel(Tensor a, Tensor b, float[] out, Tensor unused) {
        float[] x = a.data;
        float[] y = b.data;
        Elementwise.forEach(out.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = at(x, i) / at(y, i);
            }
        });
    }

    /**
     * Gradients of the binary operations, added straight into the inputs' buffers. A broadcast
     * (single-element) side receives the sum of its per-element gradients, summed in double over
     * fixed chunks (the same for any thread count).
     */
    private static void binaryBackward(String op, Tensor a, Tensor b, float[] g, Tensor unused) {
        float[] x = a.data;
        float[] y = b.data;
        if (a.requiresGrad) {
            switch (op) {
                case "add", "sub" -> addGrad(a, g, i -> 1f);
                case "mul" -> addGrad(a, g, i -> at(y, i));
                default -> addGrad(a, g, i -> 1f / at(y, i));
            }
        }
        if (b.requiresGrad) {
            switch (op) {
                case "add" -> addGrad(b, g, i -> 1f);
                case "sub" -> addGrad(b, g, i -> -1f);
                case "mul" -> addGrad(b, g, i -> at(x, i));
                default -> addGrad(b, g, i -> {
                    float yv = at(y, i);
                    return -at(x, i) / (yv * yv);
                });
            }
        }
    }

    /** {@code grad(t) += g * d}, summing into the single element when t was broadcast. */
    private static void addGrad(Tensor t, float[] g, Derivative d) {
        float[] gt = t.gradBuffer();
        if (gt.length == g.length) {
            Elementwise.forEach(g.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    gt[i] += g[i] * d.at(i);
                }
            });
        } else {
            gt[0] += (float) Reduce.reduce(g.length, (from, to) -> {
                double s = 0;
                for (int i = from; i < to; i++) {
                    s += g[i] * d.at(i);
                }
                return s;
            });
        }
    }
}
