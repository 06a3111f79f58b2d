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

    /** Per batch: the rate before each step, against SequentialLR(LinearLR, CosineAnnealingLR) stepped after every batch. */
    private static void checkPerStep(String name, Schedule schedule) {
        JsonObject c = TorchReference.named("schedules", name);
        double[] rates = doubles(c, "rates");
        int batches = c.get("batches").getAsInt();
        for (int s = 0; s < rates.length; s++) {
            assertEquals(rates[s], schedule.rate(0.1, s / batches + 1, s % batches, batches), 1e-12, name + " step " + s);
        }
    }

    @Test
    void warmupCosineMatchesLinearThenCosineAnnealingPerStep() {
        checkPerStep("warmupCosine(3, 0.5)", Optimizers.warmupCosine(3, 0.5));
        checkPerStep("warmupCosine(2, 0.6, 0.01)", Optimizers.warmupCosine(2, 0.6, 0.01));
        checkPerStep("warmupCosine(2, 0)", Optimizers.warmupCosine(2, 0));
        assertEquals(0.0, Optimizers.warmupCosine(3, 0.5).rate(0.1, 4, 0, 4), "past its epochs it stays at minRate");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Optimizers.warmupCosine(3, 3)).getMessage()
                .contains("warmupEpochs must be >= 0 and < epochs (3) but got 3.0"));
    }

    /** The schedules that change per epoch give every batch of an epoch the epoch's rate. */
    @Test
    void perEpochSchedulesAnswerTheSameForEveryBatch() {
        Schedule cosine = Optimizers.cosine(10);
        for (int batch = 0; batch < 7; batch++) {
            assertEquals(cosine.rate(0.1, 3), cosine.rate(0.1, 3, batch, 7));
        }
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
