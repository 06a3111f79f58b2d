package jcnn.bench;

import static jcnn.model.Cnn.padding;

import jcnn.model.Cnn;

/**
 * The networks the benchmarks and tools train through the public API, written once: the
 * lecture network and LeNet-5 as {@link Cnn} builders, to be seeded and built by the caller. The
 * engine-only copies on {@code F} ops ({@link BenchNets}) and PyTorch's ({@code bench/torch_bench.py})
 * follow the same layer lists.
 */
public final class LectureNets {
    private LectureNets() {
    }

    /** conv 32 3×3 pad 1, relu, max-pool 2, conv 64 3×3 pad 1, relu, max-pool 2, flatten, dropout 0.5, dense 128, relu, dense 10, softmax. */
    public static Cnn lecture() {
        return Cnn.input(1, 28, 28)
                .conv(32, 3, padding(1)).relu().maxPool(2)
                .conv(64, 3, padding(1)).relu().maxPool(2)
                .flatten().dropout(0.5).dense(128).relu().dense(10).softmax();
    }

    /** LeNet-5: conv 6 5×5 pad 2, relu, max-pool 2, conv 16 5×5, relu, max-pool 2, dense 120, relu, dense 84, relu, dense 10. */
    public static Cnn lenet() {
        return Cnn.input(1, 28, 28)
                .conv(6, 5, padding(2)).relu().maxPool(2)
                .conv(16, 5).relu().maxPool(2)
                .flatten().dense(120).relu().dense(84).relu().dense(10).softmax();
    }
}
