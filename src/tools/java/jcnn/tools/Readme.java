package jcnn.tools;

import java.nio.file.Path;
import jcnn.data.Dataset;
import jcnn.model.Activations;
import jcnn.model.Net;
import jcnn.tensor.Tensor;
import jcnn.model.History;
import jcnn.plot.Plot;
import jcnn.plot.Plots;

/**
 * Makes the README's pictures from a real, short training run (nothing here is made up):
 * {@link ReadmeRun}'s small CNN trained for 5 epochs on the first 6000 Fashion-MNIST training
 * images, validated on the first 1000 test images, then the loss curve, the feature maps of {@code conv1} and
 * {@code pool1} for the first test image, the learned {@code conv1} filters and the activations.
 *
 * <pre>
 *   mvn -q -o package -DskipTests
 *   java --add-modules jdk.incubator.vector -Djava.awt.headless=true -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.tools.Readme [docs/img]
 * </pre>
 * It prints the history and where each picture went.
 */
public final class Readme {
    private Readme() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/img");
        ReadmeRun run = ReadmeRun.train(true);
        Dataset test = run.test();
        Net net = run.net();
        History history = run.history();
        print(Plots.lossCurve(history).title("Fashion-MNIST, 6000 training images, 5 epochs")
                .save(dir.resolve("loss-curve.png")), Plots.lossCurve(history));

        Tensor image = test.image(0);
        String truth = test.classNames().get(test.label(0));
        Activations maps = net.activations(image);
        print(Plots.featureMaps(maps.get("conv1"), "conv1 feature maps of a test image (" + truth + ")")
                .save(dir.resolve("feature-maps-conv1.png")), Plots.featureMaps(maps.get("conv1"), "conv1"));
        print(Plots.featureMaps(maps.get("pool2"), "pool2").save(dir.resolve("feature-maps-pool2.png")),
                Plots.featureMaps(maps.get("pool2"), "pool2"));
        print(Plots.image(image).title(truth).save(dir.resolve("input.png")), Plots.image(image));
        print(Plots.filters(net.filters("conv1")).title("conv1 filters after training").save(dir.resolve("filters-conv1.png")),
                Plots.filters(net.filters("conv1")));
        print(Plots.activations().save(dir.resolve("activations.png")), Plots.activations());
    }

    private static void print(Path file, Plot<?> plot) {
        System.out.println(file + ": " + plot.describe());
    }
}
