package jcnn.tools;

import java.nio.file.Path;
import jcnn.data.Dataset;
import jcnn.model.Net;
import jcnn.tensor.Tensor;
import jcnn.model.Evaluation;
import jcnn.plot.Plot;

/**
 * Makes the README's "what the network looks at" pictures from a real, short training run: the
 * small CNN of {@link Readme} (the same {@link ReadmeRun}), then for the first test image its
 * saliency, Grad-CAM of conv1 and conv2 and occlusion sensitivity, and on the 1000 test images the
 * top losses, the first mistakes, per-class accuracy and precision/recall.
 *
 * <pre>
 *   mvn -q -o package -DskipTests
 *   java --add-modules jdk.incubator.vector -Djava.awt.headless=true -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.tools.ReadmeInterpretation [docs/img]
 * </pre>
 * It prints what it trained and where each picture went.
 */
public final class ReadmeInterpretation {
    private ReadmeInterpretation() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/img");
        ReadmeRun run = ReadmeRun.train(false);
        Dataset test = run.test();
        Net net = run.net();

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
