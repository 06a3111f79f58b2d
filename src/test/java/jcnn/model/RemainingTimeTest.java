package jcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RemainingTimeTest {

    @Test
    void aSlowFirstBatchDoesNotCount() {
        // 1000 batches: the first takes 30 s (warm-up), then 0.1 s each
        RemainingTime eta = new RemainingTime();
        double t = 30;
        eta.observe(1, t);
        for (int b = 2; b <= 20; b++) {
            t += 0.1;
            eta.observe(b, t);
        }
        assertEquals(0.1, eta.secondsPerBatch(), 1e-9);
        assertEquals(98, eta.secondsLeft(1000), 1e-6);
        // what the whole-run average said: 31.9 s for 20 batches -> 1563 s left
        double average = t / 20 * 980;
        assertTrue(average > 1500, "the old estimate: " + average);
    }

    @Test
    void aRunThatSpeedsUpIsFollowedWithinTheWindow() {
        RemainingTime eta = new RemainingTime();
        double t = 0;
        int b = 0;
        while (t < 60) {          // a minute at 1 s per batch (a busy machine)
            eta.observe(++b, t += 1);
        }
        while (t < 100) {         // then 0.2 s per batch
            eta.observe(++b, t += 0.2);
        }
        assertEquals(0.2, eta.secondsPerBatch(), 1e-6);
        assertEquals(0.2 * (500 - b), eta.secondsLeft(500), 1e-6);
    }

    @Test
    void unknownUntilTwoBatchesAndZeroWhenDone() {
        RemainingTime eta = new RemainingTime();
        assertTrue(Double.isNaN(eta.secondsLeft(10)));
        eta.observe(1, 5);
        assertTrue(Double.isNaN(eta.secondsLeft(10)));
        eta.observe(1, 6);  // no new batch: ignored
        eta.observe(2, 5.5);
        assertEquals(0.5 * 8, eta.secondsLeft(10), 1e-9);
        eta.observe(10, 9.5);
        assertEquals(0, eta.secondsLeft(10));
    }
}
