package jcnn.display.renderers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import jcnn.display.Display;
import jcnn.display.MimeBundle;
import jcnn.model.Cnn;
import jcnn.model.Net;
import jcnn.plot.PlotStack;
import jcnn.plot.Plots;
import jcnn.tensor.Tensor;
import jcnn.model.History;
import org.junit.jupiter.api.Test;

class RenderersTest {

    @Test
    void thePlotRendererIsFoundThroughTheServiceFile() {
        assertTrue(Display.renderers().stream().anyMatch(r -> r instanceof PlotRenderer));
        assertTrue(Display.renderers().stream().anyMatch(r -> r instanceof ModelRenderer));
    }

    @Test
    void aHistoryBecomesAPngLossCurveWithAPlainDescription() {
        History h = new History();
        h.addBatch(0.9);
        h.addBatch(0.7);
        h.addEpoch(0.8, 0.6, 0.75, 0.65, 1, 0.01);
        MimeBundle b = Display.render(h);
        assertTrue(b.data().containsKey("image/png"));
        assertEquals("loss curve: 1 epoch, final loss 0.8000, final val_loss 0.7500, val_accuracy 0.6500", b.plain());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) b.metadata().get("image/png");
        assertEquals(900, size.get("width"));
        assertEquals(380, size.get("height"));
    }

    @Test
    void aWorkedMatrixBecomesAnHtmlTableWithTextBehind() {
        MimeBundle b = new PlotRenderer().render(Plots.convolutionSteps(new int[][] {{1, 2}, {3, 4}}, new int[][] {{1}}).at(0, 1));
        assertTrue(b.data().get("text/html").toString().contains("<table"));
        assertTrue(b.plain().startsWith("convolution step (0, 1) of a 2x2 output"), b.plain());
        assertTrue(b.plain().contains("[2]"), b.plain());
    }

    @Test
    void tensorsAreTextWhenSmallAndGridsWhenImageShaped() {
        MimeBundle small = Display.render(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertEquals(Map.of("text/plain", small.plain()), small.data());
        MimeBundle image = Display.render(Tensor.rand(1, 1, 4, 12, 12));
        assertTrue(image.data().containsKey("image/png"));
        assertTrue(image.plain().startsWith("Tensor (1, 4, 12, 12), drawn as feature maps: 4 channels of 12x12"), image.plain());
        assertNull(new ModelRenderer().render("not ours"));
        assertNull(new PlotRenderer().render(42));
    }

    @Test
    void aNetShowsItsSummaryTableAndItsFiltersAsAGrid() {
        Net net = Cnn.input(1, 8, 8).conv(2, 3).relu().flatten().dense(3).build();
        MimeBundle b = Display.render(net);
        assertTrue(b.data().get("text/html").toString().contains("<table"), b.data().toString());
        assertTrue(b.plain().contains("conv1"), b.plain());
        MimeBundle filters = Display.render(net.filters("conv1"));
        assertTrue(filters.data().containsKey("image/png"));
        assertTrue(filters.plain().startsWith("filters 'conv1': 2 x 1 kernels of 3x3"), filters.plain());
        assertTrue(net.filters("conv1").plot().image().getWidth() > 50);
        // issue 14: net.featureMaps(x).plot() is one picture (it was a List, shown as text), the same as the maps
        PlotStack stack = net.featureMaps(Tensor.rand(2, 1, 1, 8, 8)).plot();
        MimeBundle plotted = Display.render(stack);
        assertTrue(plotted.data().containsKey("image/png"), plotted.data().keySet()::toString);
        assertTrue(plotted.plain().startsWith("2 pictures: feature maps 'conv1': 2 channels of 6x6"), plotted.plain());
        assertEquals(stack.plots().get(0).image().getHeight() + stack.plots().get(1).image().getHeight(), stack.image().getHeight());
        assertEquals(300, stack.size(400, 300).title("maps").image().getHeight());
        int parts = 0;
        for (var grid : stack) { // as notebook 08 shows them one by one
            assertEquals(stack.plots().get(parts++), grid);
        }
        assertEquals(2, parts);
        assertThrows(IllegalArgumentException.class, () -> Cnn.input(1, 4, 4).flatten().dense(2).build()
                .featureMaps(Tensor.rand(3, 1, 1, 4, 4)).plot());
        MimeBundle maps = Display.render(net.featureMaps(Tensor.rand(2, 1, 1, 8, 8)));
        assertTrue(maps.data().containsKey("image/png"));
        assertTrue(maps.plain().contains("feature maps 'conv1': 2 channels of 6x6")
                && maps.plain().contains("feature maps 'relu1': 2 channels of 6x6"), maps.plain());
        // XChart writes text as outlines, so the SVG is checked for its page and its many paths
        String svg = Plots.lossCurve(new History()).svg();
        assertTrue(svg.contains("viewBox=\"0 0 900 380\""), svg.substring(0, 400));
        assertTrue(svg.split("<path", -1).length > 10);
    }
}
