package jcnn.tools;

import static jcnn.model.Cnn.padding;
import static jcnn.optim.Optimizers.adam;

import java.nio.file.Path;
import jcnn.data.Dataset;
import jcnn.data.FashionMnist;
import jcnn.model.Activations;
import jcnn.model.Cnn;
import jcnn.model.Net;
import jcnn.tensor.Tensor;
import jcnn.model.History;
import jcnn.plot.Plot;
import jcnn.plot.Plots;

/**
 * Makes the README's pictures from a real, short training run (nothing here is made up):
 * a small CNN trained for 5 epochs on the first 6000 Fashion-MNIST training images, validated
 * on the first 1000 test images, then the loss curve, the feature maps of {@code conv1} and
 * {@code pool1} for the first test image, the learned {@code conv1} filters and the activations.
 *
 * <pre>
 *   mvn -q -o package -DskipTests
 *   java --add-modules jdk.incubator.vector -Djava.awt.headless=true -cp target/jcnn.jar jcnn.tools.Readme [docs/img]
 * </pre>
 * It prints the history and where each picture went.
 */
public final class Readme {
    private Readme() {
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
        System.out.println(net.summary());
        History history = net.train(train).validate(test).epochs(5).batch(64).optimizer(adam(1e-3)).seed(42).run();
        System.out.println(history);
        System.out.printf("trained in %.1f s%n", (System.nanoTime() - start) / 1e9);
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
