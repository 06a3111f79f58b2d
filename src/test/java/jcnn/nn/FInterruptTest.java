package jcnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CancellationException;

import jcnn.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FInterruptTest {
    @AfterEach
    void clearFlag() {
        Thread.interrupted();
    }

    @Test
    void anInterruptedCellStopsAtItsNextOperationAndStateSurvives() {
        Tensor x = Tensor.randn(1, 4, 1, 8, 8);
        Tensor w = Tensor.randn(2, 2, 1, 3, 3);
        Thread.currentThread().interrupt();
        assertThrows(CancellationException.class, () -> F.conv2d(x, w, null, 1, 1));
        assertThrows(CancellationException.class, () -> F.maxPool2d(x, 2, 2));
        Thread.interrupted();
        // after the interrupt is cleared the same tensors still work
        assertEquals(4, F.conv2d(x, w, null, 1, 1).size(0));
    }

    @Test
    void backwardStopsWhenInterrupted() {
        Tensor x = Tensor.randn(3, 2, 1, 6, 6).requiresGrad();
        Tensor loss = F.relu(x).sum();
        Thread.currentThread().interrupt();
        assertThrows(CancellationException.class, loss::backward);
    }
}
