package jcnn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jcnn.plot.ActivationPlot.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ActivationPlotTest {

    /** Largest |a - b| over both curves. */
    private static double worst(double[][] a, double[][] b) {
        double w = 0;
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < a[c].length; i++) {
                w = Math.max(w, Math.abs(a[c][i] - b[c][i]));
            }
        }
        return w;
    }

    @Test
    void theEngineAndItsAutogradAgreeWithTheClosedForms() {
        ActivationPlot plot = Plots.activations();
        double[] xs = plot.xs();
        for (Kind kind : Kind.values()) {
            double[][] engine = EngineCurves.INSTANCE.values(kind, xs);
            double[][] formula = ActivationCurves.FORMULAS.values(kind, xs);
            // float32 forward and backward against double formulas
            assertTrue(worst(engine, formula) < 1e-5, kind + ": worst difference " + worst(engine, formula));
        }
        assertTrue(plot.describe().contains("computed by jcnn.nn.F, derivatives by autograd"), plot.describe());
    }

    @Test
    void theComparisonFailsForAWrongDerivative() {
        double[] xs = Plots.activations().xs();
        double[][] engine = EngineCurves.INSTANCE.values(Kind.ELU, xs);
        double[][] wrong = ActivationCurves.FORMULAS.values(Kind.ELU, xs);
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] < 0) {
                wrong[1][i] = Math.exp(xs[i]) * 0.9; // a plausible but wrong ELU derivative
            }
        }
        assertTrue(worst(engine, wrong) > 1e-3);
    }

    @Test
    void theSamplesStepOverZeroSoKinksAreVertical() {
        double[] xs = Plots.activations().xs();
        for (int i = 1; i < xs.length; i++) {
            assertTrue(xs[i] > xs[i - 1]);
            assertTrue(xs[i] != 0);
        }
        double[][] relu = ActivationCurves.FORMULAS.values(Kind.RELU, xs);
        int left = 0;
        while (xs[left + 1] < 0) {
            left++;
        }
        assertEquals(0.0, relu[1][left]);
        assertEquals(1.0, relu[1][left + 1]);
        assertEquals(-1e-6, xs[left], 1e-12);
    }

    @Test
    void sixPanelsOfTheRightSizeAndNamesAreLoose() {
        ActivationPlot all = Plots.activations();
        assertEquals(6, all.charts().size());
        BufferedImage image = all.image();
        assertEquals(1020, image.getWidth());
        assertEquals(640, image.getHeight());
        assertTrue(Pictures.inked(image) > 0.05);
        assertEquals(List.of(Kind.LEAKY_RELU, Kind.ELU), Plots.activations("Leaky ReLU", "elu").kinds());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.activations("swish"));
        assertTrue(e.getMessage().contains("expected one of sigmoid, tanh, relu, leaky relu, elu, maxout but got 'swish'"));
    }

    @Test
    void maxoutIsTheLargestOfItsPieces() {
        double[] xs = {-4, -1, 0.5, 3};
        double[][] v = ActivationCurves.FORMULAS.values(Kind.MAXOUT, xs);
        // max(-0.5x - 0.5, 0.3x, 1.5x - 2)
        assertEquals(1.5, v[0][0], 1e-12);
        assertEquals(0.0, v[0][1], 1e-12);
        assertEquals(0.15, v[0][2], 1e-12);
        assertEquals(2.5, v[0][3], 1e-12);
        assertEquals(1.5, v[1][3], 1e-12);
    }
}
