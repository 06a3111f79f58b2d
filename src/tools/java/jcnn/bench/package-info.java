/**
 * Benchmarks against PyTorch ({@link jcnn.bench.Bench}, run by {@code scripts/bench.sh}; its
 * workers, workloads and statistics) and single-question probes (GEMM, convolution crossover,
 * step A-B, allocation per step, per-operation times of a step and of inference, pooling alone). Internal to the project: compiled from {@code src/tools/java}
 * into {@code target/jcnn-tools.jar}, apart from the library jar (docs/BENCHMARKS.md,
 * docs/ARCHITECTURE.md).
 */
package jcnn.bench;
