package jcnn.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a student's completion offers on a tensor: the user's operations, not the hooks for
 * writing operations (those live in {@code jcnn.tensor.TensorInternals}).
 */
class CompletionSurfaceTest {
    static JShellEvaluator evaluator;

    /** Names (without the parenthesis JShell appends) that must never be offered on Tensor. */
    static final List<String> INTERNALS = List.of("fromOp", "wrap", "data", "gradBuffer",
            "setBackwardObserver", "Backward", "BackwardObserver");

    @BeforeAll
    static void start() {
        evaluator = new JShellEvaluator();
        assertTrue(evaluator.execute("Tensor tensor = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad();",
                new RecordingContext(1), Map.of()).isOk());
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    private static List<String> names(String code) {
        List<String> names = evaluator.complete(code, code.length()).matches().stream()
                .map(m -> m.replaceAll("[(].*$", ""))
                .toList();
        assertFalse(names.isEmpty(), () -> "no completion at all for " + code);
        return names;
    }

    @Test
    void anInstanceOffersTheOperationsButNotTheOperationWritingHooks() {
        List<String> names = names("tensor.");
        for (String expected : List.of("shape", "backward", "grad", "zeroGrad", "reshape", "matmul", "item")) {
            assertTrue(names.contains(expected), () -> "tensor. should offer " + expected + " but offers " + names);
        }
        for (String hidden : INTERNALS) {
            assertFalse(names.contains(hidden), () -> "tensor. offers the internal " + hidden + ": " + names);
        }
    }

    @Test
    void theClassOffersTheFactoriesButNotTheOperationWritingHooks() {
        List<String> names = names("Tensor.");
        for (String expected : List.of("of", "zeros", "randn", "noGrad")) {
            assertTrue(names.contains(expected), () -> "Tensor. should offer " + expected + " but offers " + names);
        }
        for (String hidden : INTERNALS) {
            assertFalse(names.contains(hidden), () -> "Tensor. offers the internal " + hidden + ": " + names);
        }
    }
}
