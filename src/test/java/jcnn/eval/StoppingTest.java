package jcnn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jcnn.eval.Evaluator.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Interrupts, System.exit, stack overflow and out-of-memory in a cell: the evaluator survives with its state. */
class StoppingTest {
    static JShellEvaluator evaluator;
    static int counter;

    @BeforeAll
    static void start() {
        evaluator = new JShellEvaluator();
        assertTrue(run("int kept = 41;").isOk());
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    static Outcome run(String code) {
        return evaluator.execute(code, new RecordingContext(++counter), Map.of());
    }

    /** Runs {@code code} on another thread, interrupts it once it runs, checks it stopped within 2 s. */
    static Outcome interruptAfterStart(String code) throws Exception {
        CompletableFuture<Outcome> cell = CompletableFuture.supplyAsync(() -> run(code));
        Thread.sleep(700); // let the cell reach its loop or sleep
        assertFalse(cell.isDone(), "the cell should still be running");
        long t0 = System.nanoTime();
        boolean stopped = evaluator.interrupt(2_000);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(stopped, "interrupt should report the cell stopped");
        assertTrue(millis < 2_000, "stopping took " + millis + " ms");
        Outcome outcome = cell.get(1, TimeUnit.SECONDS);
        assertEquals("Interrupted", outcome.errorName(), outcome::toString);
        assertTrue(outcome.errorValue().contains("interrupted"));
        Outcome after = run("kept + 1");
        assertTrue(after.isOk(), after::toString);
        assertEquals("42", after.result().plain());
        return outcome;
    }

    @Test
    void interruptStopsABusyLoop() throws Exception {
        interruptAfterStart("while (true) {}");
    }

    @Test
    void interruptStopsABusyLoopInAMethodDeclaredEarlier() throws Exception {
        assertTrue(run("long spin() { long n = 0; for (;;) { n++; } }").isOk());
        interruptAfterStart("spin()");
    }

    @Test
    void interruptStopsASleep() throws Exception {
        interruptAfterStart("Thread.sleep(100000);");
    }

    @Test
    void interruptStopsALoopThatSwallowsInterrupts() throws Exception {
        interruptAfterStart("""
            while (true) {
                try { Thread.sleep(50); } catch (InterruptedException e) { /* ignored on purpose */ }
            }""");
    }

    @Test
    void interruptStopsJcnnTrainingAndTheNetStaysUsable() throws Exception {
        assertTrue(run("""
            float[] pixels = new float[256 * 64];
            int[] labels = new int[256];
            Random random = new Random(1);
            for (int i = 0; i < pixels.length; i++) pixels[i] = random.nextFloat();
            for (int i = 0; i < labels.length; i++) labels[i] = i % 2;
            Dataset data = Dataset.of(Tensor.of(pixels, 256, 1, 8, 8), labels);
            Net net = Cnn.input(1, 8, 8).conv(4, 3, padding(1)).relu().maxPool(2).flatten().dense(2).softmax().seed(3).build();
            """).isOk());
        interruptAfterStart("net.train(data).epochs(100_000).batch(8).quiet().run()");
        Outcome after = run("net.evaluate(data).size()");
        assertEquals("256", after.result().plain(), after::toString);
    }

    @Test
    void interruptWithNothingRunningIsTrue() {
        assertTrue(evaluator.interrupt(100));
    }

    @Test
    void interruptReportsFalseWhileTheCellWillNotStopAndTheCellStillEndsInterrupted() throws Exception {
        // waiting to enter a monitor ignores interrupts: the evaluator must not pretend it stopped
        assertTrue(run("""
            Object monitor = new Object();
            Thread holder = new Thread(() -> {
                synchronized (monitor) {
                    try { Thread.sleep(6000); } catch (InterruptedException e) { }
                }
            });
            holder.start();
            Thread.sleep(200);""").isOk());
        CompletableFuture<Outcome> cell = CompletableFuture.supplyAsync(() -> run("synchronized (monitor) { kept = kept; }"));
        // on a loaded machine compiling the cell can take longer than the holder's sleep: wait until it runs
        for (int i = 0; i < 200 && !evaluator.isRunningUserCode(); i++) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        assertFalse(evaluator.interrupt(300), "the cell is still blocked, interrupt must say so");
        Outcome outcome = cell.get(30, TimeUnit.SECONDS);
        assertEquals("Interrupted", outcome.errorName(), outcome::toString);
        assertEquals("42", run("kept + 1").result().plain());
    }

    @Test
    void systemExitEndsTheCellNotTheKernel() {
        Outcome o = run("int before = 1;\nSystem.exit(3);\nint after = 2;");
        assertEquals("SystemExit", o.errorName(), o::toString);
        assertTrue(o.errorValue().contains("System.exit(3)"), o.errorValue());
        assertTrue(run("before").isOk());
        assertFalse(run("after").isOk(), "the line after System.exit must not have run");
        Outcome r = run("Runtime.getRuntime().exit(4)");
        assertEquals("SystemExit", r.errorName(), r::toString);
        Outcome ref = run("java.util.function.IntConsumer quit = System::exit; quit.accept(5);");
        assertEquals("SystemExit", ref.errorName(), ref::toString);
    }

    @Test
    void stackOverflowEndsTheCellAndTheEvaluatorKeepsWorking() {
        assertTrue(run("int down(int n) { return down(n + 1) + 1; }").isOk());
        Outcome o = run("down(0)");
        assertEquals("java.lang.StackOverflowError", o.errorName(), o::toString);
        assertTrue(o.traceback().size() < 50, "the trace is cut: " + o.traceback().size());
        assertEquals("42", run("kept + 1").result().plain());
    }

    @Test
    void anImpossibleArrayEndsTheCellWithOutOfMemoryError() {
        Outcome o = run("int[] huge = new int[Integer.MAX_VALUE];");
        assertEquals("java.lang.OutOfMemoryError", o.errorName(), o::toString);
        assertEquals("42", run("kept + 1").result().plain());
    }

    @Test
    void aFullHeapEndsTheCellAndItsMemoryIsReleased() throws Exception {
        // a child JVM with a 128 MB heap, so filling it is quick and harmless
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-Djava.awt.headless=true",
            "-cp", System.getProperty("java.class.path"), OutOfMemoryProbe.class.getName())
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains("kept=true"), out);
        assertTrue(out.contains("hog=java.lang.OutOfMemoryError"), out);
        assertTrue(out.contains("after=42"), out);
    }

    @Test
    void aWidgetCallbackRunsLikeACellAndInterruptStopsIt() throws Exception {
        assertTrue(run("Runnable spin = () -> { long n = 0; while (true) { n++; } };\n"
                + "Runnable greet = () -> System.out.println(\"callback \" + kept);").isOk());
        RecordingContext context = new RecordingContext(++counter);
        Outcome greeted = evaluator.call(lookup("greet"), context);
        assertTrue(greeted.isOk(), greeted::toString);
        assertEquals("callback 41\n", context.out());

        Runnable spin = lookup("spin");
        CompletableFuture<Outcome> callback = CompletableFuture.supplyAsync(
                () -> evaluator.call(spin, new RecordingContext(++counter)));
        Thread.sleep(700);
        assertFalse(callback.isDone(), "the callback should still be running");
        assertTrue(evaluator.interrupt(2_000), "interrupt should stop the callback");
        Outcome outcome = callback.get(1, TimeUnit.SECONDS);
        assertEquals("Interrupted", outcome.errorName(), outcome::toString);
        assertEquals("the widget callback was interrupted; the kernel keeps its variables", outcome.errorValue());
        assertEquals("42", run("kept + 1").result().plain());
    }

    /** A cell variable holding a Runnable, handed over through the system properties (a table any class can reach). */
    static Runnable lookup(String name) {
        assertTrue(run("System.getProperties().put(\"jcnn.test.callback\", " + name + ");").isOk());
        return (Runnable) System.getProperties().remove("jcnn.test.callback");
    }
}
