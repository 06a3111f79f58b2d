package jcnn.optim;

import static jcnn.testing.TorchReference.doubles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import jcnn.testing.TorchReference;
import org.junit.jupiter.api.Test;

/** The schedules against PyTorch 1.13's lr_scheduler: the rate of each of ten epochs, base rate 0.1. */
class ScheduleReferenceTest {
    private static void check(String name, Schedule schedule) {
        JsonObject c = TorchReference.named("schedules", name);
        double[] rates = doubles(c, "rates");
        double[] losses = c.get("losses").isJsonNull() ? null : doubles(c, "losses");
        schedule.reset();
        for (int epoch = 1; epoch <= rates.length; epoch++) {
            assertEquals(rates[epoch - 1], schedule.rate(0.1, epoch), 1e-12, name + " epoch " + epoch);
            if (losses != null) {
                schedule.observe(epoch, losses[epoch - 1]);
            }
        }
    }

    @Test
    void cosineMatchesCosineAnnealingLR() {
        check("cosine(10)", Optimizers.cosine(10));
        check("cosine(6, 0.01)", Optimizers.cosine(6, 0.01));
    }

    @Test
    void exponentialMatchesExponentialLR() {
        check("exponential(0.8)", Optimizers.exponential(0.8));
    }

    @Test
    void reduceOnPlateauMatchesReduceLROnPlateauAndStartsOverOnReset() {
        ReduceOnPlateau s = Optimizers.reduceOnPlateau(0.5, 2);
        check("reduceOnPlateau(0.5, 2)", s);
        assertTrue(s.rate(0.1, 11) < 0.1);
        check("reduceOnPlateau(0.5, 2)", s);   // check() resets first: the same rates again
    }

    @Test
    void badArgumentsSayWhatIsExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Optimizers.cosine(0)).getMessage()
                .contains("epochs must be >= 1 but got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Optimizers.exponential(1.5)).getMessage()
                .contains("gamma must be in (0, 1] but got 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Optimizers.reduceOnPlateau(2, 1)).getMessage()
                .contains("factor must be in (0, 1) but got 2.0"));
        assertTrue(assertThrows(IllegalStateException.class, () -> Optimizers.sgd(0.1).nesterov()).getMessage()
                .contains("nesterov needs momentum > 0"));
    }
}
