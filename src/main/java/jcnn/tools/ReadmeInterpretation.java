package jcnn.tools;

import static jcnn.model.Cnn.padding;
import static jcnn.optim.Optimizers.adam;

import java.nio.file.Path;
import jcnn.data.Dataset;
import jcnn.data.FashionMnist;
import jcnn.model.Cnn;
import jcnn.model.Net;
import jcnn.tensor.Tensor;
import jcnn.model.Evaluation;
import jcnn.model.History;
import jcnn.plot.Plot;

/**
 * Makes the README's "what the network looks at" pictures from a real, short training run: the
 * small CNN of {@link Readme} (same data, epochs and seed), then for the first test image its
 * saliency, Grad-CAM of conv1 and conv2 and occlusion sensitivity, and on the 1000 test images the
 * top losses, the first mistakes, per-class accuracy and precision/recall.
 *
 * <pre>
 *   mvn -q -o package -DskipTests
 *   java --add-modules jdk.incubator.vector -Djava.awt.headless=true -cp target/jcnn.jar jcnn.tools.ReadmeInterpretation [docs/img]
 * </pre>
 * It prints what it trained and where each picture went.
 */
public final class ReadmeInterpretation {
    private ReadmeInterpretation() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/img");
        long start = System.nanoTime();
        Dataset train = FashionMnist.train().take(6000);
        Dataset test = FashionMnist.test().take(1000);
        Net net = Cnn.input(1, 28, 28).seed(42)
                .conv(8, 3, padding(1)).relu().maxPool(2)
                .conv(16, 3, padding(1)).relu().maxPool(2)
                .flatten().dense(64).relu().dense(10).softmax()
                .build();
        History history = net.train(train).validate(test).epochs(5).batch(64).optimizer(adam(1e-3))
                .seed(42).quiet().run();
        System.out.println(history);
        System.out.printf("trained in %.1f s%n", (System.nanoTime() - start) / 1e9);

        Tensor image = test.image(0);
        int truth = test.label(0);
        String name = test.classNames().get(truth);
        save(net.saliency(image, truth).plot().title("saliency: " + name), dir, "interpret-saliency.png");
        save(net.gradCam(image, "conv1", truth).plot().title("Grad-CAM of conv1: " + name), dir, "interpret-gradcam-conv1.png");
        save(net.gradCam(image, "conv2", truth).plot().title("Grad-CAM of conv2: " + name), dir, "interpret-gradcam-conv2.png");
        save(net.occlusion(image, truth, 6, 2).plot().title("occlusion, 6x6 patch, stride 2: " + name), dir, "interpret-occlusion.png");
        Evaluation evaluation = net.evaluate(test);
        System.out.println(evaluation);
        save(evaluation.topLosses(16).plot(), dir, "interpret-top-losses.png");
        save(evaluation.mistakes(16).plot(), dir, "interpret-mistakes.png");
        save(evaluation.perClass().plot(), dir, "interpret-per-class.png");
        save(evaluation.perClass().plotPrecisionRecall(), dir, "interpret-precision-recall.png");
    }

    private static void save(Plot<?> plot, Path dir, String file) {
        System.out.println(plot.save(dir.resolve(file)) + ": " + plot.describe());
    }
}
