package jcnn.kernel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jcnn.display.MimeBundle;
import jcnn.eval.CellContext;
import jcnn.eval.Evaluator;

/**
 * A scripted {@link Evaluator} for the kernel's tests, so they check the protocol without
 * JShell. A cell is one command: {@code print N}, {@code mixed}, {@code display},
 * {@code input}, {@code sleep} (runs until interrupted), {@code deaf N} (ignores the first N - 1
 * interrupt calls, like library code that swallows an interrupt; N 0 ignores all until
 * {@link #release()}), {@code fail}, or anything else,
 * which returns its own text as the result.
 */
final class FakeEvaluator implements Evaluator {
    final AtomicInteger executed = new AtomicInteger();
    final CountDownLatch sleeping = new CountDownLatch(1);
    /** The cursor (a Java string index) of the last complete or inspect request. */
    volatile int lastCursor = -1;
    private volatile CountDownLatch stop = new CountDownLatch(1);
    private volatile CountDownLatch finished = new CountDownLatch(0);
    /** Interrupt calls a {@code deaf} cell still ignores; {@code Integer.MAX_VALUE} ignores all. */
    private final AtomicInteger deafness = new AtomicInteger();
    final AtomicInteger interruptCalls = new AtomicInteger();
    final CountDownLatch deafRunning = new CountDownLatch(1);
    /** Non-null: {@link #interrupt} blocks until it is counted down (slow stop work: locks, JShell). */
    volatile CountDownLatch stopWork;
    final CountDownLatch stopWorkStarted = new CountDownLatch(1);
    /** Non-null: {@link #complete} blocks until it is counted down (the kernel busy with a request that is not a cell). */
    volatile CountDownLatch completeGate;
    final CountDownLatch completeBlocked = new CountDownLatch(1);

    /** Ends a {@code deaf 0} cell. */
    void release() {
        stop.countDown();
    }

    @Override
    public Outcome execute(String code, CellContext context, Map<String, String> userExpressions) {
        executed.incrementAndGet();
        String[] words = code.trim().split("\\s+");
        switch (words[0]) {
            case "print" -> {
                for (int i = 0; i < Integer.parseInt(words[1]); i++) {
                    context.stdout("line " + i + "\n");
                }
                return Outcome.ok(null);
            }
            case "mixed" -> {
                context.stdout("out1\n");
                context.stderr("err1\n");
                context.stdout("out2\n");
                return Outcome.ok(MimeBundle.text("done"));
            }
            case "display" -> {
                context.stdout("before\n");
                context.display(MimeBundle.text("first"), "chart-1", false);
                context.stdout("between\n");
                context.display(MimeBundle.text("second").put("text/html", "<b>second</b>"), "chart-1", true);
                return Outcome.ok(null);
            }
            case "input" -> {
                try {
                    String name = context.input("name? ", false);
                    context.stdout("hello " + name + "\n");
                    return Outcome.ok(null);
                } catch (IllegalStateException e) {
                    return Outcome.error("IllegalStateException", e.getMessage(), List.of(e.getMessage()));
                }
            }
            case "sleep" -> {
                finished = new CountDownLatch(1);
                try {
                    sleeping.countDown();
                    stop.await();
                    return Outcome.error("Interrupted", "the cell was interrupted", List.of("interrupted"));
                } catch (InterruptedException e) {
                    return Outcome.error("Interrupted", "thread interrupted", List.of());
                } finally {
                    stop = new CountDownLatch(1);
                    finished.countDown();
                }
            }
            case "deaf" -> {
                int n = Integer.parseInt(words[1]);
                deafness.set(n == 0 ? Integer.MAX_VALUE : n);
                finished = new CountDownLatch(1);
                try {
                    deafRunning.countDown();
                    stop.await();
                    return Outcome.error("Interrupted", "the cell was interrupted", List.of("interrupted"));
                } catch (InterruptedException e) {
                    return Outcome.error("Interrupted", "thread interrupted", List.of());
                } finally {
                    deafness.set(0);
                    stop = new CountDownLatch(1);
                    finished.countDown();
                }
            }
            case "fail" -> {
                return Outcome.error("java.lang.IllegalStateException", "boom", List.of("java.lang.IllegalStateException: boom"));
            }
            default -> {
                MimeBundle result = MimeBundle.text(code);
                Map<String, MimeBundle> values = userExpressions.isEmpty() ? Map.of()
                        : Map.of(userExpressions.keySet().iterator().next(), MimeBundle.text("user:" + userExpressions.values().iterator().next()));
                return new Outcome(Outcome.Status.OK, result, null, null, List.of(), values);
            }
        }
    }

    @Override
    public boolean interrupt(long timeoutMillis) {
        interruptCalls.incrementAndGet();
        CountDownLatch gate = stopWork;
        if (gate != null) {
            stopWorkStarted.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int deaf = deafness.get();
        if (deaf == Integer.MAX_VALUE || (deaf > 0 && deafness.decrementAndGet() > 0)) {
            return false;
        }
        stop.countDown();
        try {
            return finished.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public Completion complete(String code, int cursor) {
        lastCursor = cursor;
        CountDownLatch gate = completeGate;
        if (gate != null) {
            completeBlocked.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Completion(List.of("println", "printf"), Math.max(0, cursor - 2), cursor, Map.of());
    }

    @Override
    public Inspection inspect(String code, int cursor, int detailLevel) {
        lastCursor = cursor;
        return new Inspection(true, MimeBundle.text("doc of " + code).put("text/markdown", "**doc**"));
    }

    @Override
    public IsComplete isComplete(String code) {
        return code.endsWith("{") ? new IsComplete("incomplete", "    ") : new IsComplete("complete", null);
    }

    @Override
    public void close() {
    }
}
