package jcnn.model;

import static jcnn.testing.TorchReference.assertNear;
import static jcnn.testing.TorchReference.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.Arrays;
import jcnn.data.Dataset;
import jcnn.plot.ImageGrid;
import jcnn.testing.InterpretationReference;
import jcnn.testing.TorchReference;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Per-example losses, probabilities, precision and recall against PyTorch 1.13; mistakes and top losses. */
class EvaluationExamplesTest {
    private final InterpretationReference ref = InterpretationReference.load();
    private final Net net = ref.net();
    private final Dataset data = ref.dataset();
    private final JsonObject r = ref.json.getAsJsonObject("evaluation");
    private final Evaluation ev = net.evaluate(data);

    @Test
    void perExampleLossesAndProbabilitiesMatchPyTorch() {
        assertArrayEquals(TorchReference.ints(r.getAsJsonArray("predictions")), ev.predictions());
        assertNear(floats(r.getAsJsonArray("losses")), ev.losses(), 1e-5, "losses");
        assertNear(floats(r.getAsJsonArray("confidences")), ev.confidences(), 1e-5, "confidences");
        assertEquals(r.get("mean_loss").getAsDouble(), ev.loss(), 1e-5);
        // a check that can fail: the loss of the predicted class instead of the true one
        float[] wrong = new float[12];
        for (int i = 0; i < 12; i++) {
            wrong[i] = (float) -Math.log(ev.confidences()[i]);
        }
        assertThrows(AssertionFailedError.class, () -> assertNear(floats(r.getAsJsonArray("losses")), wrong, 1e-5, "losses"));
    }

    @Test
    void precisionAndRecallMatchTheReference() {
        assertNear(floats(r.getAsJsonArray("precision")), toFloats(ev.precision()), 1e-12, "precision");
        assertNear(floats(r.getAsJsonArray("recall")), toFloats(ev.recall()), 1e-12, "recall");
        ClassScores scores = ev.perClass();
        assertArrayEquals(ev.perClassAccuracy(), scores.accuracy());
        assertTrue(Double.isNaN(ev.precision()[0]), "class 0 is never predicted: precision undefined");
        assertTrue(scores.plot().describe().startsWith("per-class accuracy bars, 5 classes"), scores.plot().describe());
        assertTrue(scores.plotPrecisionRecall().image().getWidth() >= 640);
    }

    @Test
    void mistakesAreTheFirstWrongExamplesInDatasetOrder() {
        int[] wrong = ev.misclassified();
        Examples m = ev.mistakes(3);
        assertArrayEquals(Arrays.copyOf(wrong, 3), m.indices());
        for (int k = 0; k < 3; k++) {
            assertTrue(m.labels()[k] != m.predictions()[k]);
            assertArrayEquals(data.image(wrong[k]).toArray(), Arrays.copyOfRange(m.images().toArray(), k * 300, (k + 1) * 300));
        }
        assertEquals(wrong.length, ev.mistakes(100).size(), "at most as many as there are");
        ImageGrid grid = m.plot();
        assertEquals(3, grid.tiles());
        assertTrue(grid.describe().startsWith("predictions: 3 images, 3 mistakes marked in red"), grid.describe());
    }

    @Test
    void topLossesAreSortedByLoss() {
        Examples top = ev.topLosses(5);
        float[] all = floats(r.getAsJsonArray("losses"));
        Integer[] order = new Integer[12];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Float.compare(all[b], all[a]));
        for (int k = 0; k < 5; k++) {
            assertEquals(order[k], top.indices()[k]);
        }
        float[] l = top.losses();
        for (int k = 1; k < 5; k++) {
            assertTrue(l[k - 1] >= l[k]);
        }
        assertThrows(IllegalArgumentException.class, () -> ev.topLosses(0));
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
