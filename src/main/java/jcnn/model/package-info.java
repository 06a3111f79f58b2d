/**
 * Networks and what is done with them; public, the top of the library. {@link jcnn.model.Cnn}
 * builds a {@link jcnn.model.Net} (blocks, residual), {@link jcnn.model.NetFile} saves and loads
 * it (docs/FORMAT.md), {@link jcnn.model.Trainer} trains it into a {@link jcnn.model.History},
 * {@link jcnn.model.Evaluation} scores it ({@link jcnn.model.ConfusionMatrix}, per-class scores,
 * top losses), {@link jcnn.model.Activations}, {@link jcnn.model.Filters}, saliency, Grad-CAM and
 * occlusion look inside it; callbacks ({@link jcnn.model.Callbacks}: early stopping, checkpoints,
 * validation split) and {@link jcnn.model.TrainingListener}s follow training. Predict, evaluate
 * and train share one batch loop ({@code BatchLoop}, internal, as are {@code ConsoleProgress}
 * and {@code RemainingTime}); {@code onnx/} exports a net.
 *
 * <p>Uses {@code jcnn.nn}, {@code jcnn.optim}, {@code jcnn.data} and {@code jcnn.plot}; every
 * {@code .plot()} calls down into {@code jcnn.plot}, whose views ({@code TrainingLog} ...) these
 * classes implement. Nothing below knows this package (docs/ARCHITECTURE.md, ArchitectureTest).
 */
package jcnn.model;
