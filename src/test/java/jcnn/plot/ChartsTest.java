package jcnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import jcnn.model.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

// XChart's tick search can loop forever on odd data; a hang must fail, not stall the build
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChartsTest {

    /** Three epochs of four batches each, with validation. */
    static History history() {
        History h = new History();
        double[][] epochs = {{1.2, 1.0, 0.9, 0.8}, {0.7, 0.65, 0.6, 0.55}, {0.5, 0.48, 0.45, 0.44}};
        for (int e = 0; e < epochs.length; e++) {
            for (double loss : epochs[e]) {
                h.addBatch(loss);
            }
            h.addEpoch(epochs[e][3], 0.6 + 0.1 * e, epochs[e][3] + 0.05, 0.55 + 0.1 * e, 1.5, 1e-3);
        }
        return h;
    }

    @Test
    void lossCurveHasTheRequestedSizeAndIsNotBlank() throws Exception {
        LossCurve curve = Plots.lossCurve(history()).size(800, 300);
        BufferedImage image = curve.image();
        assertEquals(800, image.getWidth());
        assertEquals(300, image.getHeight());
        assertTrue(Pictures.distinctColours(image) > 20, "a chart has lines, text and anti-aliasing");
        assertTrue(Pictures.inked(image) > 0.02, "inked fraction " + Pictures.inked(image));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(curve.png()));
        assertEquals(800, decoded.getWidth());
        assertTrue(Pictures.count(image, LossCurve.TRAIN.getRGB() & 0xFFFFFF) > 100, "the training loss line is drawn");
    }

    @Test
    void batchLossesSitAtFractionalEpochsAndEpochFiguresAtWholeEpochs() {
        LossCurve curve = Plots.lossCurve(history());
        XYChart loss = (XYChart) curve.chart();
        XYSeries batches = loss.getSeriesMap().get("batch loss");
        double[] x = batches.getXData();
        assertEquals(12, x.length);
        assertEquals(0.25, x[0], 1e-12);
        assertEquals(1.0, x[3], 1e-12);
        assertEquals(3.0, x[11], 1e-12);
        double[] epochs = loss.getSeriesMap().get("train loss").getXData();
        assertEquals(List.of(1.0, 2.0, 3.0), List.of(epochs[0], epochs[1], epochs[2]));
        assertEquals(0.49, loss.getSeriesMap().get("val loss").getYData()[2], 1e-12);
        XYChart accuracy = curve.accuracyChart();
        assertEquals(0.8, accuracy.getSeriesMap().get("train accuracy").getYData()[2], 1e-12);
    }

    @Test
    void emptyAndOnePointHistoriesRenderWithoutThrowing() {
        History empty = new History();
        assertTrue(Pictures.inked(Plots.lossCurve(empty).image()) > 0.001);
        assertEquals("loss curve: empty history (nothing trained yet)", Plots.lossCurve(empty).describe());
        Plots.learningRate(empty).image();
        Plots.lossCurve(empty).logY().image();

        History oneBatch = new History();
        oneBatch.addBatch(2.3);
        Plots.lossCurve(oneBatch).image();
        assertTrue(Plots.lossCurve(oneBatch).describe().contains("1 batches, no finished epoch yet, latest batch loss 2.3000"));

        History oneEpoch = new History();
        oneEpoch.addBatch(0.9);
        oneEpoch.addEpoch(0.9, 0.7, Double.NaN, Double.NaN, 1, 0.01);
        Plots.lossCurve(oneEpoch).image();
        Plots.learningRate(oneEpoch).logY().image();
        assertEquals("loss curve: 1 epoch, final loss 0.9000, accuracy 0.7000", Plots.lossCurve(oneEpoch).describe());
    }

    @Test
    void nonFiniteLossesAreLeftOutInsteadOfBreakingTheChart() {
        History h = new History();
        h.addBatch(1.0);
        h.addBatch(Double.NaN);
        h.addBatch(Double.POSITIVE_INFINITY);
        h.addBatch(0.5);
        h.addEpoch(0.75, 0.5, Double.NaN, Double.NaN, 1, 0.1);
        LossCurve curve = Plots.lossCurve(h);
        assertEquals(2, ((XYChart) curve.chart()).getSeriesMap().get("batch loss").getXData().length);
        curve.image();
    }

    @Test
    void theDescriptionSaysWhatThePictureShows() {
        assertEquals("loss curve: 3 epochs, final loss 0.4400, final val_loss 0.4900, val_accuracy 0.7500",
                Plots.lossCurve(history()).describe());
        assertEquals("learning-rate curve: 3 epochs, from 0.00100 to 0.00100", Plots.learningRate(history()).describe());
        assertEquals(Plots.lossCurve(history()).describe(), Plots.lossCurve(history()).toString());
    }

    @Test
    void optionsChainAndRebuildTheChart() {
        LossCurve curve = Plots.lossCurve(history());
        XYChart before = (XYChart) curve.chart();
        curve.title("Lecture 5").logY().accuracy(false).batches(false);
        XYChart after = (XYChart) curve.chart();
        assertTrue(before != after, "an option rebuilds the chart");
        assertTrue(after.getStyler().isYAxisLogarithmic());
        assertEquals("Lecture 5", after.getTitle());
        assertEquals(1, curve.charts().size());
        assertTrue(!after.getSeriesMap().containsKey("batch loss"));
    }

    @Test
    void chartsGiveSvgAndSaveByExtension(@TempDir Path dir) throws Exception {
        String svg = Plots.lossCurve(history()).svg();
        assertTrue(svg.contains("<svg") && svg.contains("</svg>"), svg.substring(0, Math.min(200, svg.length())));
        Path png = Plots.learningRate(history()).save(dir.resolve("sub/lr.png"));
        assertTrue(Files.size(png) > 1000);
        Path file = Plots.params().save(dir.resolve("params.svg"));
        assertTrue(Files.readString(file).contains("<svg"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.params().save(dir.resolve("p.jpg")));
        assertTrue(e.getMessage().contains("expected a file name ending in .png or .svg but got 'p.jpg'"), e.getMessage());
    }

    @Test
    void showWithoutAScreenSavesAFileAndSaysWhere() throws Exception {
        // surefire runs headless; show() must not try to open a window
        Path file = Plots.learningRate(history()).show();
        try {
            assertTrue(Files.size(file) > 1000);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void paramsBarsAreTheLecturesPowersOfTen() {
        Figure params = Plots.params();
        CategorySeries bars = ((CategoryChart) params.chart()).getSeriesMap().get("weights");
        List<?> heights = List.copyOf(bars.getYData());
        assertEquals(List.of(12.0, 8.0, 2.0, 4.0), heights.stream().map(v -> (double) Math.round(((Number) v).doubleValue() * 1e9) / 1e9).toList());
        assertEquals("parameter counts (log scale): fully connected 10^12, local 10x10 10^8, shared, 1 kernel 100, "
                + "shared, 100 kernels 10^4", params.describe());
        assertTrue(Pictures.inked(params.image()) > 0.05);
        List<?> linear = List.copyOf(((CategoryChart) params.logY(false).chart()).getSeriesMap().get("weights").getYData());
        assertEquals(1e12, ((Number) linear.get(0)).doubleValue());
        assertThrows(IllegalArgumentException.class, () -> Plots.params(Map.of("none", 0)));
    }

    @Test
    void confusionMatrixChecksItsShapeAndCountsAccuracy() {
        int[][] counts = {{5, 1, 0}, {2, 7, 1}, {0, 0, 4}};
        Figure cm = Plots.confusionMatrix(counts, new String[] {"cat", "dog", "bird"});
        assertEquals("confusion matrix: 3 classes, 20 examples, 16 correct (accuracy 0.8000)", cm.describe());
        BufferedImage image = cm.image();
        assertTrue(Pictures.distinctColours(image) > 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.confusionMatrix(new int[][] {{1, 2}, {3}}, null));
        assertTrue(e.getMessage().contains("square 2x2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Plots.confusionMatrix(counts, new String[] {"a"}));
        assertTrue(e.getMessage().contains("3 classes but 1 class names"), e.getMessage());
    }

    @Test
    void sizeRejectsNonsenseWithTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.lossCurve(history()).size(0, 300));
        assertTrue(e.getMessage().contains("between 50 and 10000 pixels but got 0 x 300"), e.getMessage());
    }

    @Test
    void rasterPlotsExplainThatTheyHaveNoSvg() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Plots.image(new float[64], 8, 8).svg());
        assertTrue(e.getMessage().contains("use png()"), e.getMessage());
    }
}
