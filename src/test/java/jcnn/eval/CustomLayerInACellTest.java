package jcnn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import jcnn.eval.Evaluator.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The documented way to write a layer in a notebook cell (AbstractLayer's Javadoc and the README)
 * works through the JShell evaluator: the class compiles in a cell, the builder adds it, it
 * trains (its parameter moves and the loss falls), and the net saves and loads with it.
 */
class CustomLayerInACellTest {
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

    static Outcome run(String code) {
        Outcome o = evaluator.execute(code, new RecordingContext(++counter), Map.of());
        assertTrue(o.isOk(), o::toString);
        return o;
    }

    @Test
    void aLayerWrittenInACellTrainsSavesAndLoads() {
        run("""
            class Gain extends AbstractLayer {                     // y = g·x, any shape
                Gain() { super("gain"); }
                public Shape outputShape(Shape in) { return in; }
                public List<Parameter> parameters() {
                    return List.of(parameter("g", Parameter.Kind.WEIGHT, Shape.of(1), Init.ONES, 1, 1));
                }
                protected Tensor compute(Tensor x, Mode mode) { return x.mul(parameters().get(0).tensor()); }
                public String toString() { return "Gain()"; }
            }
            LayerRegistry.register("Gain", (config, input) -> new Gain());   // so Net.load can rebuild it
            """);
        run("""
            float[] xs = new float[64 * 16];
            int[] ys = new int[64];
            var random = new SplittableRandom(1);
            for (int i = 0; i < 64; i++) {
                ys[i] = i % 2;
                for (int j = 0; j < 16; j++) xs[i * 16 + j] = (float) (0.5 * random.nextDouble() + ((j < 8) == (ys[i] == 0) ? 1 : 0));
            }
            Dataset data = Dataset.of(Tensor.of(xs, 64, 1, 4, 4), ys, "top", "bottom");
            Net net = Cnn.input(1, 4, 4).conv(4, 3, padding(1)).add(new Gain()).relu().flatten().dense(2).build();
            History h = net.train(data).epochs(8).batch(16).optimizer(adam(0.05)).quiet().run();
            """);
        assertEquals("gain1 (Gain)", run("net.summary().rows().get(1).name() + \" (\" + net.summary().rows().get(1).type() + \")\"")
                .result().plain().replace("\"", ""));
        assertEquals("true", run("net.layer(\"gain1\").parameters().get(0).tensor().item() != 1f").result().plain());
        assertEquals("true", run("h.trainLoss().get(7) < h.trainLoss().get(0) / 2").result().plain());
        assertEquals("true", run("""
            Path file = Files.createTempFile("gain", ".jcnn");
            net.save(file);
            Arrays.equals(Net.load(file).predict(data.images()).toArray(), net.predict(data.images()).toArray())
            """).result().plain());
    }
}
