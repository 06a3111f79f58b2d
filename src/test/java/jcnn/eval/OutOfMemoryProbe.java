package jcnn.eval;

import java.util.Map;
import jcnn.eval.Evaluator.Outcome;

/**
 * Run in a child JVM with a small heap by {@link StoppingTest}: fills the heap from a cell,
 * then checks the next cell can allocate again. Prints one line per cell.
 */
public final class OutOfMemoryProbe {
    public static void main(String[] args) {
        try (JShellEvaluator evaluator = new JShellEvaluator()) {
            Outcome kept = evaluator.execute("int kept = 41;", new RecordingContext(1), Map.of());
            Outcome hog = evaluator.execute("""
                {
                    List<long[]> hog = new ArrayList<>();
                    while (true) hog.add(new long[1 << 17]);
                }""", new RecordingContext(2), Map.of());
            // a quarter of the heap again: only possible if the hog's memory was released
            Outcome after = evaluator.execute(
                "long[] again = new long[(int) (Runtime.getRuntime().maxMemory() / 32)]; kept + 1",
                new RecordingContext(3), Map.of());
            System.out.println("kept=" + kept.isOk());
            System.out.println("hog=" + hog.errorName());
            System.out.println("after=" + (after.isOk() ? after.result().plain() : after.errorName() + ": " + after.errorValue()));
        }
    }
}
