package jcnn.nn;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;
import jcnn.testing.LayerContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import jcnn.model.Cnn;
import jcnn.model.Net;

/**
 * {@link Residual} runs the layer contract with a projected shortcut (2 → 4 channels, stride 2)
 * and batch norm inside; plus the block's own promises.
 */
class ResidualContractTest implements LayerContract<Residual> {
    @Override
    public Residual layer() {
        return (Residual) Cnn.input(2, 5, 5)
                .residual(b -> b.conv(3, 3, padding(1)).batchNorm().tanh().conv(4, 3, stride(2), padding(1)))
                .build().layer("block1");
    }

    @Override
    public Shape input() {
        return Shape.of(3, 2, 5, 5);
    }

    @Override
    public Executable badArgument() {
        return () -> Cnn.input(1, 6, 6).residual(b -> b.conv(2, 3, padding(1))).residual(b -> b.conv(2, 3, stride(0)));
    }

    @Override
    public String badArgumentMessage() {
        return "block2.conv1 (Conv2d): stride must be >= 1 but got 0";
    }

    @Override
    public boolean trainingDiffers() {
        return true;
    }

    @Test
    void theShortcutIsTheIdentityWhenTheShapeIsKeptAndAProjectionOtherwise() {
        Net net = Cnn.input(2, 7, 7).residual(b -> b.conv(2, 3, padding(1)).relu().conv(2, 3, padding(1)))
                .residual(b -> b.conv(4, 3, stride(2), padding(1))).build();
        Residual same = (Residual) net.layer("block1");
        Residual projected = (Residual) net.layer("block2");
        assertNull(same.projection());
        assertNotNull(projected.projection());
        assertEquals("block2.proj", projected.projection().name());
        assertEquals(2, projected.projection().stride());
        assertEquals(Shape.of(-1, 4, 4, 4), net.outputShape());
        // y = branch(x) + x for the identity shortcut
        Tensor x = LayerContract.spread(Shape.of(1, 2, 7, 7), 3, 1);
        Tensor branch = x;
        for (Layer l : same.children()) {
            branch = l.forward(branch, Mode.EVAL);
        }
        float[] expected = branch.add(x).toArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, same.forward(x, Mode.EVAL).toArray());
    }

    @Test
    void summaryShowsTheBlockItsInnerLayersAndCountsThemOnce() {
        Net net = Cnn.input(1, 7, 7).conv(4, 3, padding(1))
                .residual(b -> b.conv(4, 3, padding(1)).batchNorm().relu().conv(8, 3, stride(2), padding(1)).batchNorm())
                .relu().globalAvgPool().dense(3).build();
        String s = net.summary().toString();
        assertTrue(s.contains("block1 (Residual)") && s.contains("  block1.conv1 (Conv2d)") && s.contains("  block1.bn2 (BatchNorm2d)")
                && s.contains("  block1.proj (Conv2d)"), s);
        long trainable = 40 + (148 + 8 + 296 + 16 + 40) + 27;
        long state = 8 + 16;
        assertEquals(trainable, net.summary().trainableParams(), s);
        assertEquals(trainable + state, net.summary().totalParams(), s);
        assertTrue(s.contains("Non-trainable params: 24"), s);
        assertEquals(trainable, net.parameterCount());
    }

    @Test
    void activationsAndLayerLookupReachLayersInsideBlocks() {
        Net net = Cnn.input(1, 6, 6).residual(b -> b.conv(2, 3, padding(1)).relu()).flatten().dense(2).build();
        var acts = net.activations(Tensor.ones(1, 1, 6, 6));
        assertEquals(java.util.List.of("block1.conv1", "block1.relu1", "block1.proj", "block1", "flatten1", "dense1"), acts.names());
        assertEquals(Shape.of(1, 2, 6, 6), Shape.of(acts.get("block1.conv1").shape()));
        assertEquals("block1.conv1", net.layer("block1.conv1").name());
        assertTrue(net.featureMaps(Tensor.ones(1, 1, 6, 6)).names().contains("block1.relu1"));
        assertEquals(2, net.filters("block1.conv1").count());
    }
}
