package jcnn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import jcnn.eval.Evaluator.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's soak: every cell left a class in JShell's one class loader and JShell's records of
 * it (snippet, wrapper text, class bytes) for good, about 9 KB per cell. The evaluator now lets
 * finished statements and expressions go; earlier definitions must keep working.
 */
class SnippetMemoryTest {
    static JShellEvaluator evaluator;
    static int counter;

    @BeforeAll
    static void start() {
        evaluator = new JShellEvaluator();
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    static Outcome run(RecordingContext context, String code) {
        Outcome o = evaluator.execute(code, context, Map.of());
        return o;
    }

    static Outcome run(String code) {
        return run(new RecordingContext(++counter), code);
    }

    static Outcome ok(String code) {
        Outcome o = run(code);
        assertTrue(o.isOk(), () -> code + " -> " + o);
        return o;
    }

    /** Classes loaded now, after full GCs (which unload what is unreachable). */
    static long loadedClassesAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
    }

    /** The soak's cell kinds: prints, a display handle's update (a value), errors, redefinitions. */
    static void soakCells(int n, String tag) {
        ok("var memHandle = new StringBuilder(\"" + tag + "\");");
        for (int i = 0; i < n; i++) {
            switch (i % 5) {
                case 0, 1 -> ok("System.out.println(\"" + tag + " \" + " + i + ");");
                case 2 -> ok("memHandle.append(" + i + ")");
                case 3 -> assertEquals("ERROR", run("throw new IllegalStateException(\"" + tag + " " + i + "\");").status().name());
                default -> ok("var memHandle = new StringBuilder(\"" + tag + i + "\");");
            }
        }
    }

    /**
     * 120 cells must not leave 120 classes and 120 JShell snippets behind. The old evaluator
     * fails this: one more loaded class after GC and one more snippet per cell (+219 classes
     * after 200 cells when measured).
     */
    @Test
    void finishedCellsLeaveNoClassesOrSnippetsBehind() throws InterruptedException {
        soakCells(40, "warm"); // JShell, javac and the JIT load their own classes first
        long classes = loadedClassesAfterGc();
        long snippets = evaluator.jshellSnippetCount();
        soakCells(120, "soak");
        long classesAfter = loadedClassesAfterGc();
        long snippetsAfter = evaluator.jshellSnippetCount();
        assertTrue(classesAfter - classes < 30, "120 cells left " + (classesAfter - classes)
            + " more loaded classes after GC (" + classes + " -> " + classesAfter + ")");
        assertTrue(snippetsAfter - snippets < 12, "120 cells left " + (snippetsAfter - snippets)
            + " more JShell snippets (" + snippets + " -> " + snippetsAfter + ")");
    }

    @Test
    void jshellRecordsAreReachable() {
        // the build and the kernel jar open jdk.jshell; without that the records are kept (and this says why)
        assertTrue(evaluator.records().isActive(), evaluator.records()::reason);
    }

    /** What users rely on keeps working once the statements around it are gone. */
    @Test
    void definitionsLambdasAndObjectsOfFinishedCellsKeepWorking() throws InterruptedException {
        ok("import java.util.function.IntUnaryOperator;");
        ok("int memBase = 40;");
        ok("int memTwice(int x) { return 2 * x; }");
        ok("class MemPoint { int x; MemPoint(int x) { this.x = x; } int plus(int d) { return x + d; } protected int p() { return -x; } }");
        ok("interface MemShape { double area(); }");
        // a lambda and an anonymous object created by statements, stored in variables
        ok("IntUnaryOperator memOp; memOp = v -> v + memBase;");
        ok("MemShape memSquare; memSquare = new MemShape() { public double area() { return 9; } };");
        ok("Runnable memFail; memFail = () -> { throw new IllegalArgumentException(\"from a stored lambda\"); };");
        ok("java.util.List<MemPoint> memPoints = new java.util.ArrayList<>(); for (int i = 0; i < 3; i++) memPoints.add(new MemPoint(i));");
        soakCells(60, "between");
        loadedClassesAfterGc();
        assertEquals("42", ok("memOp.applyAsInt(2)").result().plain());
        assertEquals("9.0", ok("memSquare.area()").result().plain());
        assertEquals("80", ok("memTwice(memBase)").result().plain());
        // package-private and protected members across cells (each cell's class has its own loader)
        assertEquals("7", ok("new MemPoint(5).plus(2)").result().plain());
        assertEquals("2", ok("memPoints.get(2).x").result().plain());
        assertEquals("-5", ok("new MemPoint(5).p()").result().plain());
        ok("class MemPoint3 extends MemPoint { MemPoint3(int x) { super(x); } @Override int plus(int d) { return x * d; } }");
        assertEquals("10", ok("MemPoint memP = new MemPoint3(5); memP.plus(2)").result().plain());
        Outcome failed = run("memFail.run();");
        assertEquals("java.lang.IllegalArgumentException", failed.errorName(), failed::toString);
        assertEquals("from a stored lambda", failed.errorValue());
        // the same declaration again: JShell reuses the old snippet's class, which must stay
        ok("int memSame = 41;");
        ok("int memSame = 41;");
        soakCells(10, "same");
        assertEquals("42", ok("memSame + 1").result().plain());
        // redefinitions: a method, a variable, a class
        ok("int memTwice(int x) { return 3 * x; }");
        assertEquals("6", ok("memTwice(2)").result().plain());
        ok("String memBase = \"text\";");
        assertEquals("\"text!\"", ok("memBase + \"!\"").result().plain());
        ok("class MemPoint { int x; MemPoint(int x) { this.x = 10 * x; } int plus(int d) { return x + d; } protected int p() { return 0; } }");
        assertEquals("12", ok("new MemPoint(1).plus(2)").result().plain());
        // a value created in a statement and printed later
        RecordingContext c = new RecordingContext(++counter);
        assertTrue(run(c, "System.out.println(memSquare.area() + memOp.applyAsInt(1));").isOk());
        assertEquals("50.0\n", c.out());
    }
}
