package jcnn.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Test factories registered in src/test/resources/META-INF/services: the trainer must pick the
 * highest priority that gives a listener. {@link High} gives one only while {@link #active} is set.
 */
public final class TestDisplayFactory {
    static volatile boolean active;
    static final List<String> EVENTS = new ArrayList<>();

    private TestDisplayFactory() {
    }

    /** Highest priority, but declines (null) unless active. */
    public static final class High implements TrainingListener.Factory {
        @Override
        public TrainingListener create() {
            return active ? new TrainingListener() {
                @Override
                public void onEpoch(Progress p) {
                    EVENTS.add("high epoch " + p.epoch());
                }
            } : null;
        }

        @Override
        public int priority() {
            return 1_000_000;
        }
    }

    /** Lower priority: used only if High declines and active is set. */
    public static final class Low implements TrainingListener.Factory {
        @Override
        public TrainingListener create() {
            return active ? new TrainingListener() {
                @Override
                public void onEpoch(Progress p) {
                    EVENTS.add("low epoch " + p.epoch());
                }
            } : null;
        }

        @Override
        public int priority() {
            return 999_999;
        }
    }
}
