import jcnn.optim.*;
import jcnn.model.*;
import jcnn.data.*;
import static jcnn.model.Cnn.*;
import static jcnn.optim.Optimizers.*;

/**
 * Notebook 09's recipe experiments (docs/DATA-AND-TRAINING.md, "Notebook 09: what was tried"):
 * the residual network of the notebook, trained with its first recipe (AdamW 2e-3, a cosine read at
 * the middle of each epoch, batches of 64, seed 42) with changes, 5 epochs, test accuracy after each.
 * The notebook's recipe since 2026-12-02 is b32-wc-lr4-ls.
 *   java --add-modules jdk.incubator.vector -cp target/jcnn.jar bench/nb09/Recipes.java VARIANT
 * VARIANT: base (the first recipe), w128 (second block 128 channels), x256 (1x1 conv to 256 channels
 * before the global average pooling), hid (dense 128 + ReLU after it), flip (mirrored training
 * images), b32 (batches of 32), wc (warm-up for half an epoch, then cosine to 0, changed at every
 * batch: warmupCosine(5, 0.5)), lr3 / lr4 (base rate 3e-3 / 4e-3 instead of 2e-3), ls (label
 * smoothing 0.1), sN (seed N instead of 42, for the net and the training), eN (N epochs instead
 * of 5, the schedule's too); names
 * combine, e.g. b32-wc-lr4-ls-s1.
 */
public class Recipes {
    public static void main(String[] a) {
        String v = a[0];
        int epochs = (int) number(v, "e", 5);
        long seed = number(v, "s", 42);
        Dataset train = FashionMnist.train(), test = FashionMnist.test();
        int w2 = v.contains("w128") ? 128 : 64;
        var b = Cnn.input(1, 28, 28)
            .conv(32, 3, padding(1)).batchNorm().relu().maxPool(2)
            .residual(r -> r.conv(32, 3, padding(1)).batchNorm().relu().conv(32, 3, padding(1)).batchNorm()).relu()
            .maxPool(2)
            .residual(r -> r.conv(w2, 3, padding(1)).batchNorm().relu().conv(w2, 3, padding(1)).batchNorm()).relu();
        if (v.contains("x256")) b = b.conv(256, 1).batchNorm().relu();
        b = b.globalAvgPool();
        if (v.contains("hid")) b = b.dense(128).relu();
        Net net = b.dense(10).softmax().seed(seed).build();
        Schedule cos = v.contains("wc") ? warmupCosine(epochs, 0.5)
                : (base, e) -> base * (1 + Math.cos(Math.PI * (e - 0.5) / epochs)) / 2;
        double lr = v.contains("lr4") ? 4e-3 : v.contains("lr3") ? 3e-3 : 2e-3;
        var t = net.train(train).validate(test).epochs(epochs).batch(v.contains("b32") ? 32 : 64).optimizer(adamW(lr)).schedule(cos).seed(seed).quiet();
        if (v.contains("ls")) t = t.labelSmoothing(0.1);
        if (v.contains("flip")) t = t.augment(Augment.flipHorizontal());
        History h = t.run();
        for (int e = 0; e < h.epochs(); e++)
            System.out.printf("%s epoch %d: train loss %.4f test loss %.4f acc %.4f %.0f s%n", v, e + 1,
                h.trainLoss().get(e), h.validationLoss().get(e), h.validationAccuracy().get(e), h.epochSeconds().get(e));
    }

    /** The N of a "-PREFIXN" part of the variant name (e.g. s7 in b32-ls-s7), else the default. */
    static long number(String variant, String prefix, long otherwise) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^|-)" + prefix + "(\\d+)(?:-|$)").matcher(variant);
        return m.find() ? Long.parseLong(m.group(1)) : otherwise;
    }
}
