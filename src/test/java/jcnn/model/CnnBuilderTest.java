package jcnn.model;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jcnn.tensor.Shape;
import org.junit.jupiter.api.Test;
import jcnn.nn.AbstractLayer;
import jcnn.nn.Conv2d;
import jcnn.nn.Dense;
import jcnn.nn.Dropout;
import jcnn.nn.LeakyReLU;
import jcnn.nn.MaxPool2d;
import jcnn.nn.Mode;
import jcnn.nn.Params;
import jcnn.nn.ReLU;

class CnnBuilderTest {

    /** The Keras example "Simple MNIST convnet" (keras.io/examples/vision/mnist_convnet): 34,826 parameters. */
    static Cnn kerasMnistConvnet() {
        return Cnn.input(1, 28, 28)
                .conv(32, 3).relu().maxPool(2)
                .conv(64, 3).relu().maxPool(2)
                .flatten().dropout(0.5).dense(10).softmax();
    }

    static Cnn lectureNet() {
        return Cnn.input(1, 28, 28)
                .conv(32, 3, padding(1)).relu().maxPool(2)
                .conv(64, 3, padding(1)).relu().maxPool(2)
                .flatten().dropout(0.5).dense(128).relu().dense(10).softmax();
    }

    @Test
    void kerasSimpleMnistConvnetHas34826Parameters() {
        Summary s = kerasMnistConvnet().summary();
        assertEquals(34_826, s.totalParams());
        List<Summary.Row> rows = s.rows();
        assertEquals(Shape.of(-1, 32, 26, 26), rows.get(0).outputShape());
        assertEquals(Shape.of(-1, 32, 13, 13), rows.get(2).outputShape());
        assertEquals(Shape.of(-1, 64, 11, 11), rows.get(3).outputShape());
        assertEquals(Shape.of(-1, 64, 5, 5), rows.get(5).outputShape());   // floor(11 / 2) = 5, as in Keras
        assertEquals(Shape.of(-1, 1600), rows.get(6).outputShape());
        assertEquals(320, rows.get(0).params());
        assertEquals(18_496, rows.get(3).params());
        assertEquals(16_010, rows.get(8).params());
        assertEquals("32·(1·3·3)+32", rows.get(0).formula());
        assertEquals("10·1600+10", rows.get(8).formula());
        assertTrue(s.toString().contains("Total params: 34,826"), s.toString());
        assertTrue(s.toHtml().contains("<td>conv1 (Conv2d)</td>") && s.toHtml().contains("34,826"), s.toHtml());
    }

    @Test
    void layersAreNamedByKindAndNumber() {
        List<String> names = lectureNet().summary().rows().stream().map(Summary.Row::name).toList();
        assertEquals(List.of("conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten1", "dropout1", "dense1", "relu3",
                "dense2", "softmax1"), names);
    }

    @Test
    void lectureNetworkShapesAndCount() {
        Summary s = lectureNet().summary();
        // 320 + 18,496 + 64·7·7·128 + 128 + 1290
        assertEquals(320 + 18_496 + (3136 * 128 + 128) + 1290, s.totalParams());
        assertEquals(Shape.of(-1, 64, 7, 7), s.rows().get(5).outputShape());
    }

    @Test
    void lectureThousandByThousandNetsAreSummarisedWithoutAllocating() {
        Cnn full = Cnn.input(1, 1000, 1000).flatten().dense(1_000_000);
        assertEquals(1_000_000_000_000L + 1_000_000L, full.summary().totalParams());
        assertTrue(full.summary().toString().contains("1,000,001,000,000"), full.summary().toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, full::build);
        assertTrue(e.getMessage().contains("dense1.weight") && e.getMessage().contains("summarised but not built"), e.getMessage());

        // 10×10 fields, unshared: (1000 − 10)/1 + 1 = 991 positions per axis, 100 weights each
        Summary local = Cnn.input(1, 1000, 1000).locallyConnected(1, 10).summary();
        assertEquals(991L * 991 * 100 + 991L * 991, local.totalParams());
        assertEquals("(991·991)·1·(1·10·10)+1·991·991", local.rows().get(0).formula());

        // 100 shared 10×10 kernels: 10^4 weights whatever the image size
        Summary shared = Cnn.input(1, 1000, 1000).conv(100, 10).summary();
        assertEquals(100 * 100 + 100, shared.totalParams());
        assertEquals(Params.shared(100, 10, 10) + 100, shared.totalParams());
    }

    @Test
    void badGeometryIsRefusedAtTheCallWithFormulaAndFix() {
        Cnn b = Cnn.input(1, 28, 28).conv(8, 1).maxPool(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.conv(16, 5, stride(2)));
        assertTrue(e.getMessage().startsWith("conv2"), e.getMessage());
        assertTrue(e.getMessage().contains("(14 + 2·0 − 5)/2 + 1 = 5.5 is not a whole number"), e.getMessage());
        assertTrue(e.getMessage().contains("stride(1)"), e.getMessage());
        // the refused call left the builder as it was
        assertEquals(Shape.of(-1, 8, 14, 14), b.outputShape());
        assertEquals(Shape.of(-1, 16, 7, 7), b.conv(16, 4, padding(1), stride(2)).outputShape());
    }

    @Test
    void denseOnImagesAsksForFlatten() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cnn.input(1, 28, 28).dense(10));
        assertTrue(e.getMessage().contains("dense1") && e.getMessage().contains(".flatten()"), e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> Cnn.input(784).conv(8, 3));
        assertTrue(c.getMessage().contains("conv1") && c.getMessage().contains("(N, 784)"), c.getMessage());
    }

    @Test
    void optionsThatDoNotApplyAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cnn.input(1, 8, 8).maxPool(2, padding(1)));
        assertTrue(e.getMessage().contains("padding(1) does not apply") && e.getMessage().contains("stride"), e.getMessage());
    }

    @Test
    void poolStrideDefaultsToKernelAndCanBeSet() {
        assertEquals(Shape.of(-1, 1, 2, 2), Cnn.input(1, 7, 7).maxPool(3).outputShape());   // stride 3: floor(4/3) + 1
        assertEquals(Shape.of(-1, 1, 3, 3), Cnn.input(1, 7, 7).maxPool(2).outputShape());   // the odd row is dropped
        assertEquals(Shape.of(-1, 1, 3, 3), Cnn.input(1, 7, 7).avgPool(3, stride(2)).outputShape());   // (7 − 3)/2 + 1
    }

    @Test
    void maxoutDividesChannels() {
        assertEquals(Shape.of(-1, 4, 6, 6), Cnn.input(1, 8, 8).conv(12, 3).maxout(3).outputShape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cnn.input(1, 8, 8).conv(10, 3).maxout(3));
        assertTrue(e.getMessage().contains("maxout1") && e.getMessage().contains("multiple of 3"), e.getMessage());
    }

    @Test
    void reluFollowingAWeightedLayerSelectsHeInitialisation() {
        Summary s = Cnn.input(1, 8, 8).conv(4, 3).relu().conv(4, 3).tanh().summary();
        assertTrue(s.rows().size() == 4);
        Cnn b = Cnn.input(4).dense(3).relu().dense(2).sigmoid();
        assertEquals("HE", ((Dense) b.build().layer("dense1")).init().name());
        assertEquals("GLOROT", ((Dense) b.build().layer("dense2")).init().name());
        assertEquals(Shape.of(-1, 2), b.outputShape());
    }

    @Test
    void layerToStringShowsNonDefaultsOnly() {
        assertEquals("Conv2d(3, 16, kernelSize=3, padding=1)", new Conv2d(3, 16, 3).padding(1).toString());
        assertEquals("Conv2d(3, 16, kernelSize=5, stride=2)", new Conv2d(3, 16, 5).stride(2).toString());
        assertEquals("MaxPool2d(2)", new MaxPool2d(2).toString());
        assertEquals("MaxPool2d(3, stride=2)", new MaxPool2d(3).stride(2).toString());
        assertEquals("Dense(1600, 10)", new Dense(1600, 10).toString());
        assertEquals("LeakyReLU()", new LeakyReLU().toString());
        assertEquals("Dropout(0.5)", new Dropout(0.5).toString());
    }

    @Test
    void shapePrintsTheBatchAsN() {
        assertEquals("(N, 8, 28, 28)", Shape.of(-1, 8, 28, 28).toString());
        assertEquals(6272, Shape.of(-1, 8, 28, 28).numel());
        assertEquals(Shape.of(8, 28, 28), Shape.of(-1, 8, 28, 28).withoutBatch());
        assertEquals(Shape.of(32, 8, 28, 28), Shape.of(-1, 8, 28, 28).withBatch(32));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(3, -1));
    }

    /** A layer of a kind nobody registered: builds and trains, saves, but loading asks for a factory. */
    static final class Doubler extends AbstractLayer {
        Doubler() {
            super("doubler");
        }

        @Override
        public Shape outputShape(Shape input) {
            return input;
        }

        @Override
        protected jcnn.tensor.Tensor compute(jcnn.tensor.Tensor x, Mode mode) {
            return x.mul(2f);
        }

        @Override
        public String toString() {
            return "Doubler()";
        }
    }

    @Test
    void addTakesAnyLayerAndNamesItByItsPrefixBesideTheVerbs() {
        Net net = Cnn.input(1, 8, 8).add(new Conv2d(1, 4, 3)).add(new ReLU()).conv(4, 3).add(in -> new Conv2d(in.dim(1), 2, 1))
                .flatten().dense(2).build();
        assertEquals(java.util.List.of("conv1", "relu1", "conv2", "conv3", "flatten1", "dense1"), net.layerNames());
        IllegalArgumentException wrong = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Cnn.input(1, 8, 8).add(new Conv2d(3, 4, 3)));
        assertEquals("conv1 (Conv2d): expected input (N, 3, H, W) but got (N, 1, 8, 8); the weight has 3 input channels",
                wrong.getMessage());
        ReLU shared = new ReLU();
        IllegalArgumentException twice = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Cnn.input(4).add(shared).add(shared));
        assertTrue(twice.getMessage().contains("already in the net"), twice.getMessage());
    }

    @Test
    void anUnregisteredLayerBuildsAndSavesButLoadingNamesTheMissingFactory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Net net = Cnn.input(3).add(new Doubler()).dense(2).build();
        jcnn.tensor.Tensor x = jcnn.tensor.Tensor.ones(1, 3);
        assertEquals(2f * net.layer("dense1").weights().toArray()[0] + 2f * net.layer("dense1").weights().toArray()[1]
                + 2f * net.layer("dense1").weights().toArray()[2], net.predict(x).toArray()[0], 1e-6);
        java.nio.file.Path file = dir.resolve("doubler.jcnn");
        net.save(file);
        NetFormatException e = org.junit.jupiter.api.Assertions.assertThrows(NetFormatException.class, () -> Net.load(file));
        assertTrue(e.getMessage().contains("layer doubler1 is of kind 'Doubler', which no factory is registered for")
                && e.getMessage().contains("LayerRegistry.register(\"Doubler\""), e.getMessage());
    }
}
