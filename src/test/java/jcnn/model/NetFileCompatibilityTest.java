package jcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jcnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import jcnn.nn.Conv2d;

/**
 * Model files written before layers owned their configuration (format version 1, kept in
 * src/test/resources/netfile with the program that wrote them) still load and predict the same.
 */
class NetFileCompatibilityTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/netfile/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private static Tensor input() {
        float[] x = new float[2 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.37 * i);
        }
        return Tensor.of(x, 2, 1, 8, 8);
    }

    @Test
    void aVersion1FileLoadsAndPredictsWhatItPredictedWhenWritten() throws IOException {
        Net net = Net.load(resource("v1-net.jcnn"));
        List<String> lines = Files.readAllLines(resource("v1-net.expected.txt"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith("#")).toList();
        float[] expected = new float[lines.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = Float.parseFloat(lines.get(i));
        }
        assertArrayEquals(expected, net.predict(input()).toArray());
        assertEquals(List.of("conv1", "relu1", "pool1", "local1", "leakyrelu1", "maxout1", "pool2", "tanh1", "flatten1",
                "dropout1", "dense1", "elu1", "dense2", "sigmoid1", "dense3", "softmax1"), net.layerNames());
        assertEquals("HE", ((Conv2d) net.layer("conv1")).init().name());
    }

    @Test
    void aVersion1FileSavedAgainIsVersion2AndLoadsIdentically() throws IOException {
        Net net = Net.load(resource("v1-net.jcnn"));
        Path again = dir.resolve("again.jcnn");
        net.save(again);
        byte[] b = Files.readAllBytes(again);
        assertEquals(NetFile.VERSION, java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(8));
        String json = new String(b, StandardCharsets.ISO_8859_1);
        assertTrue(json.contains("\"kind\":\"weight\"") && json.contains("\"kind\":\"bias\""), json);
        assertArrayEquals(net.predict(input()).toArray(), Net.load(again).predict(input()).toArray());
    }
}
