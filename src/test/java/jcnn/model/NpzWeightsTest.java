package jcnn.model;

import static jcnn.model.Cnn.padding;
import static jcnn.model.Cnn.stride;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jcnn.tensor.Tensor;
import jcnn.tensor.TensorInternals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import jcnn.nn.Parameter;

/** Weights written by NumPy (and PyTorch, where installed) with Debian's /usr/bin/python3. */
class NpzWeightsTest {
    @TempDir
    Path temp;

    /** A PyTorch model's state_dict, loaded in order into the same net built with jcnn, gives PyTorch's outputs. */
    @Test
    void aPytorchStateDictGivesPytorchsOutputs() throws Exception {
        String script = String.join("\n",
                "import sys, numpy as np, torch",
                "torch.manual_seed(0)",
                "nn = torch.nn",
                "m = nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),",
                "                  nn.Conv2d(4, 6, 3, stride=2, padding=1), nn.LeakyReLU(0.1),",
                "                  nn.Flatten(), nn.Linear(54, 5), nn.Softmax(dim=1)).eval()",
                "for p in m.parameters():",
                "    torch.nn.init.uniform_(p, -0.5, 0.5)",
                "x = torch.rand(3, 2, 10, 10) * 2 - 1",
                "out = sys.argv[1]",
                "np.savez(out + '/w.npz', **{k: v.detach().numpy() for k, v in m.state_dict().items()})",
                "np.save(out + '/x.npy', x.numpy())",
                "np.save(out + '/y.npy', m(x).detach().numpy())");
        String[] r = python(script, temp.toString());
        assumeTrue(r[0].equals("0"), "skipped: needs PyTorch for /usr/bin/python3 (apt-get install python3-torch): " + lastLine(r[1]));

        Net net = Cnn.input(2, 10, 10).conv(4, 3, padding(1)).relu().maxPool(2)
                .conv(6, 3, stride(2), padding(1)).leakyRelu(0.1).flatten().dense(5).softmax().build();
        net.loadWeights(temp.resolve("w.npz"));
        NpzWeights.Array x = NpzWeights.npy(Files.readAllBytes(temp.resolve("x.npy")), "x.npy");
        NpzWeights.Array y = NpzWeights.npy(Files.readAllBytes(temp.resolve("y.npy")), "y.npy");
        Tensor out = net.predict(Tensor.of(x.values(), x.shape()));
        assertArrayEquals(y.shape(), out.shape());
        double diff = 0;
        for (int i = 0; i < y.values().length; i++) {
            diff = Math.max(diff, Math.abs(y.values()[i] - TensorInternals.data(out)[i]));
        }
        System.out.printf("npz import: max |PyTorch - jcnn| = %.2e%n", diff);
        assertTrue(diff <= 1e-5, "jcnn with PyTorch's weights differs from PyTorch by " + diff);
    }

    /** Arrays with jcnn's names go to those parameters whatever their order; float64 is narrowed. */
    @Test
    void jcnnNamesAreMatchedByName() throws Exception {
        String script = String.join("\n",
                "import sys, numpy as np",
                "def a(shape, k, t=np.float32): return (np.arange(np.prod(shape)) * 0.01 + k).reshape(shape).astype(t)",
                "np.savez(sys.argv[1], **{'dense1.bias': a((3,), 4), 'conv1.weight': a((2, 1, 3, 3), 1),",
                "         'dense1.weight': a((3, 18), 3, np.float64), 'conv1.bias': a((2,), 2)})");
        Path file = temp.resolve("named.npz");
        String[] r = python(script, file.toString());
        assumeTrue(r[0].equals("0"), "skipped: needs NumPy for /usr/bin/python3 (apt-get install python3-numpy): " + lastLine(r[1]));

        Net net = Cnn.input(1, 5, 5).conv(2, 3).flatten().dense(3).build();
        net.loadWeights(file);
        float[] expectedOffset = {1, 2, 3, 4};
        List<Parameter> params = net.parameters();
        for (int p = 0; p < params.size(); p++) {
            float[] v = TensorInternals.data(params.get(p).tensor());
            for (int i = 0; i < v.length; i++) {
                assertEquals(i * 0.01 + expectedOffset[p], v[i], 1e-6, params.get(p).name() + "[" + i + "]");
            }
        }
    }

    @Test
    void misfitsAreRefusedBeforeAnyWeightChanges() throws Exception {
        String script = String.join("\n",
                "import sys, numpy as np",
                "np.savez(sys.argv[1] + '/wide.npz', **{'0.weight': np.zeros((4, 1, 3, 3), np.float32), '0.bias': np.zeros(4, np.float32)})",
                "np.savez(sys.argv[1] + '/three.npz', a=np.zeros(2, np.float32), b=np.zeros(2, np.float32), c=np.zeros(2, np.float32))",
                "np.savez(sys.argv[1] + '/ints.npz', **{'0.weight': np.zeros((2, 1, 3, 3), np.int64), '0.bias': np.zeros(2, np.float32)})");
        String[] r = python(script, temp.toString());
        assumeTrue(r[0].equals("0"), "skipped: needs NumPy for /usr/bin/python3 (apt-get install python3-numpy): " + lastLine(r[1]));

        Net net = Cnn.input(1, 5, 5).conv(2, 3).build();
        float[] before = TensorInternals.data(net.layer("conv1").weights());
        String wide = assertThrows(IllegalArgumentException.class, () -> net.loadWeights(temp.resolve("wide.npz"))).getMessage();
        assertTrue(wide.contains("array 1 '0.weight'") && wide.contains("has shape (4, 1, 3, 3) but conv1.weight is (2, 1, 3, 3)"), wide);
        String three = assertThrows(IllegalArgumentException.class, () -> net.loadWeights(temp.resolve("three.npz"))).getMessage();
        assertTrue(three.contains("holds 3 arrays") && three.contains("the net has 2 parameters"), three);
        String ints = assertThrows(IllegalArgumentException.class, () -> net.loadWeights(temp.resolve("ints.npz"))).getMessage();
        assertTrue(ints.contains("holds '<i8' values"), ints);
        Path text = Files.writeString(temp.resolve("weights.txt"), "not a zip");
        String notZip = assertThrows(IllegalArgumentException.class, () -> net.loadWeights(text)).getMessage();
        assertTrue(notZip.contains("is not an .npz archive"), notZip);
        assertArrayEquals(before, TensorInternals.data(net.layer("conv1").weights()), "a refused file must leave the weights alone");
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** Runs a script with /usr/bin/python3: {exit status, output}. */
    private static String[] python(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            return new String[] {"127", "/usr/bin/python3 cannot run: " + e.getMessage()};
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new String[] {"124", out};
        }
        return new String[] {String.valueOf(p.exitValue()), out};
    }
}
