package jcnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import jcnn.model.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/** Issue 13, point 6: what a real browser showed after one epoch, in the confusion matrix, the learning rate and notebook 02's tables. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlotPolishTest {

    private static String format(String pattern, double v) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    private static History oneEpoch() {
        History h = new History();
        for (int b = 0; b < 20; b++) {
            h.addBatch(1.0 - b * 0.02);
        }
        h.addEpoch(0.52, 0.834916666666667, 0.45, 0.8412, 30, 0.05);
        return h;
    }

    @Test
    void afterOneEpochTheAccuracyAxisReadsShortNumbersAndNoDotIsOnTheFrameOrUnderTheLegend() {
        XYChart acc = Plots.lossCurve(oneEpoch()).accuracyChart();
        acc.getStyler(); // built
        Double min = acc.getStyler().getYAxisMin();
        Double max = acc.getStyler().getYAxisMax();
        assertTrue(min != null && max != null, "the axis range is set, not left to XChart's one-point axis");
        assertTrue(min <= 0.834916666666667 - 0.005 && max >= 0.8412 + 0.005, "room around the dots: " + min + " to " + max);
        String pattern = acc.getStyler().getYAxisDecimalPattern();
        assertEquals("0.835", format(pattern, 0.834916666666667));
        assertEquals("0.820", format(pattern, 0.82));
        // both dots are at the right edge (epoch 1): a legend in a right corner must not reach them
        Styler.LegendPosition legend = acc.getStyler().getLegendPosition();
        for (double y : new double[] {0.834916666666667, 0.8412}) {
            double t = (y - min) / (max - min);
            if (legend == Styler.LegendPosition.InsideSE) {
                assertTrue(t > 0.4, "a dot at " + t + " of the height is under a lower-right legend");
            } else if (legend == Styler.LegendPosition.InsideNE) {
                assertTrue(t < 0.6, "a dot at " + t + " of the height is under an upper-right legend");
            }
        }
    }

    @Test
    void aRisingAccuracyKeepsItsLegendLowerRight() {
        History h = new History();
        for (int e = 0; e < 5; e++) {
            h.addBatch(1);
            h.addEpoch(0.5, 0.80 + 0.03 * e, 0.5, 0.79 + 0.03 * e, 1, 1e-3);
        }
        assertEquals(Styler.LegendPosition.InsideSE, Plots.lossCurve(h).accuracyChart().getStyler().getLegendPosition());
    }

    @Test
    void theConfusionMatrixScaleReadsWholeNumbers() {
        int[][] counts = {{986, 3, 11}, {5, 950, 45}, {20, 30, 950}};
        Figure fig = Plots.confusionMatrix(counts, new String[] {"a", "b", "c"});
        fig.image();
        HeatMapChart chart = (HeatMapChart) fig.chart();
        assertFalse(chart.getStyler().isLegendVisible(), "XChart's own heat-map legend prints 986.0 and must be off");
        assertEquals(List.of("986", "493", "0"), ((CountHeatMap) chart).scaleLabels());
        assertEquals(List.of("7", "0"), ((CountHeatMap) Plots.confusionMatrix(new int[][] {{7, 1}, {2, 3}}, null).chart()).scaleLabels());
    }

    @Test
    void theLearningRateAxisReadsDecimalsNotScientificNotation() {
        History h = new History();
        h.addBatch(1);
        h.addEpoch(0.5, 0.8, Double.NaN, Double.NaN, 1, 0.05);
        XYChart chart = (XYChart) Plots.learningRate(h).chart();
        String pattern = chart.getStyler().getYAxisDecimalPattern();
        assertEquals("0.05", format(pattern, 0.05));
        assertEquals("0.01", format(pattern, 0.01));
        assertEquals(0.0, chart.getStyler().getYAxisMin());
        assertEquals("0.001", format(Plots.ratePattern(1e-3), 1e-3));
        assertEquals("0.0005", format(Plots.ratePattern(5e-4), 5e-4));
        assertEquals("1.0E-5", format(Plots.ratePattern(1e-5), 1e-5));
    }

    @Test
    void emptyCellsOfTheStepTablesKeepTheirRowHeight() {
        int[][] image = {{1, 1, 1, 0, 0}, {0, 1, 1, 1, 0}, {0, 0, 1, 1, 1}, {0, 0, 1, 1, 0}, {0, 1, 1, 0, 0}};
        int[][] kernel = {{1, 0, 1}, {0, 1, 0}, {1, 0, 1}};
        String html = Plots.convolutionSteps(image, kernel).at(0, 0).html();
        assertFalse(Pattern.compile("<td[^>]*></td>").matcher(html).find(), "an empty <td> collapses its row: " + html);
        assertTrue(html.contains("&nbsp;</td>"), "the results not computed yet are blank cells");
    }
}
