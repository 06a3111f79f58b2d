package jcnn.model;

import jcnn.tensor.TensorInternals;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import jcnn.io.AtomicFile;
import java.util.zip.CheckedOutputStream;
import jcnn.tensor.Shape;
import jcnn.nn.Layer;
import jcnn.nn.LayerConfig;
import jcnn.nn.LayerRegistry;
import jcnn.nn.Parameter;

/**
 * The file format of {@link Net#save} and {@link Net#load} (also in {@code docs/FORMAT.md}).
 *
 * <pre>
 * offset   size   content (integers little-endian)
 * 0        8      magic bytes 89 4A 43 4E 4E 0D 0A 1A  ("\x89JCNN\r\n\x1a", PNG-style: catches text-mode damage)
 * 8        4      format version, int32 = 2 (1 is still read)
 * 12       4      A = length of the architecture in bytes, int32
 * 16       A      architecture, UTF-8 JSON (below)
 * 16+A     8      W = number of weight values, int64
 * 24+A     4·W    the values, float32, parameter after parameter (state included) in the JSON's order, each row-major
 * 24+A+4W  4      CRC-32 of all preceding bytes, uint32
 * </pre>
 * Architecture JSON:
 * <pre>
 * {"format": "jcnn-net", "input": [1, 28, 28], "seed": 42,
 *  "layers": [{"kind": "conv", "name": "conv1", "args": {"filters": 32, "kernelSize": 3, "padding": 1, "init": "HE"}},
 *             {"kind": "residual", "name": "block1", "args": {"branch": 2}, "layers": [...]}, ...],
 *  "parameters": [{"name": "conv1.weight", "shape": [32, 1, 3, 3], "kind": "weight"}, ...]}
 * </pre>
 * {@code kind} is the layer's {@link Layer#kind()} (the {@link Cnn} verb for the built-ins),
 * {@code args} its {@link Layer#config()}; {@link LayerRegistry} rebuilds it. A block lists its
 * inner layers under {@code layers}. Parameters are weights, biases and state (running statistics).
 * Loading checks, in order: magic, version, total length, checksum, JSON, that the layers rebuild
 * with the saved shapes, then fills the weights; any failure throws {@link NetFormatException}
 * and returns no net.
 */
public final class NetFile {
    static final byte[] MAGIC = {(byte) 0x89, 'J', 'C', 'N', 'N', '\r', '\n', 0x1A};
    /** The version this jcnn writes; it reads every version up to it. */
    static final int VERSION = 2;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final SecureRandom RANDOM = new SecureRandom();

    private NetFile() {
    }

    record LayerJson(String kind, String name, Map<String, Object> args, List<LayerJson> layers) {
    }

    /** {@code kind}: "weight", "bias" or "state"; absent in version 1 (only weights and biases then). */
    record ParameterJson(String name, int[] shape, String kind) {
    }

    record Architecture(String format, int[] input, long seed, List<LayerJson> layers, List<ParameterJson> parameters) {
    }

    static void save(Net net, Path file) {
        List<LayerJson> layers = new ArrayList<>();
        for (Layer layer : net.layers()) {
            layers.add(json(layer));
        }
        List<ParameterJson> params = new ArrayList<>();
        long count = 0;
        for (Parameter p : net.tensors()) {
            params.add(new ParameterJson(p.name(), p.shape().dims(), p.kind().name().toLowerCase(java.util.Locale.ROOT)));
            count += p.numel();
        }
        byte[] json = GSON.toJson(new Architecture("jcnn-net", net.inputShape().withoutBatch().dims(), net.seed(), layers, params))
                .getBytes(StandardCharsets.UTF_8);
        long values = count;
        try {
            AtomicFile.write(file, file0 -> {
                CRC32 crc = new CRC32();
                CheckedOutputStream out = new CheckedOutputStream(new BufferedOutputStream(file0, 1 << 16), crc);
                out.write(MAGIC);
                out.write(le(4).putInt(VERSION).array());
                out.write(le(4).putInt(json.length).array());
                out.write(json);
                out.write(le(8).putLong(values).array());
                for (Parameter p : net.tensors()) {
                    float[] v = TensorInternals.data(p.tensor());
                    ByteBuffer b = le(4 * v.length);
                    b.asFloatBuffer().put(v);
                    out.write(b.array());
                }
                out.flush();
                file0.write(le(4).putInt((int) crc.getValue()).array());
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the net to " + file + ": " + e, e);
        }
    }

    private static LayerJson json(Layer layer) {
        List<LayerJson> children = null;
        if (!layer.children().isEmpty()) {
            children = new ArrayList<>();
            for (Layer child : layer.children()) {
                children.add(json(child));
            }
        }
        return new LayerJson(layer.kind(), layer.name(), new LinkedHashMap<>(layer.config().asMap()), children);
    }

    private static LayerRegistry.Saved saved(LayerJson json) {
        List<LayerRegistry.Saved> children = new ArrayList<>();
        if (json.layers() != null) {
            for (LayerJson child : json.layers()) {
                children.add(saved(child));
            }
        }
        return new LayerRegistry.Saved(json.kind(), json.name(), LayerConfig.of(json.args(), json.name() + " (" + json.kind() + ")"),
                children);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static Net load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no saved net at " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
        String name = file.toString();
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new NetFormatException(name + " is not a jcnn net file: it does not start with the magic bytes "
                    + "89 4A 43 4E 4E 0D 0A 1A (\"\\x89JCNN\\r\\n\\x1a\"); save nets with net.save(path)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 16) {
            throw truncated(name, 16, bytes.length);
        }
        int version = in.getInt(8);
        if (version < 1 || version > VERSION) {
            throw new NetFormatException(name + " has format version " + version + " but this jcnn reads versions 1 to " + VERSION
                    + (version > VERSION ? "; it was written by a newer jcnn: update jcnn to load it (docs/FORMAT.md lists the versions)"
                    : "; the file is damaged"));
        }
        int jsonLength = in.getInt(12);
        if (jsonLength < 2 || 16L + jsonLength + 8 > bytes.length) {
            if (jsonLength < 2) {
                throw new NetFormatException(name + " is damaged: architecture length " + jsonLength);
            }
            throw truncated(name, 16L + jsonLength + 12, bytes.length);
        }
        long count = in.getLong(16 + jsonLength);
        long expected = 16L + jsonLength + 8 + 4 * count + 4;
        if (count < 0 || bytes.length != expected) {
            if (count >= 0 && bytes.length < expected) {
                throw truncated(name, expected, bytes.length);
            }
            throw new NetFormatException(name + " is damaged: expected " + expected + " bytes for " + count
                    + " weights but found " + bytes.length);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = in.getInt(bytes.length - 4);
        if ((int) crc.getValue() != stored) {
            throw new NetFormatException(String.format("%s is damaged: CRC-32 checksum %08x does not match the stored %08x; "
                    + "the file was changed or corrupted after saving", name, (int) crc.getValue(), stored));
        }
        Architecture arch;
        try {
            arch = GSON.fromJson(new String(bytes, 16, jsonLength, StandardCharsets.UTF_8), Architecture.class);
        } catch (JsonParseException e) {
            throw new NetFormatException(name + " is damaged: its architecture is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (arch == null || !"jcnn-net".equals(arch.format()) || arch.input() == null || arch.layers() == null
                || arch.parameters() == null) {
            throw new NetFormatException(name + ": the architecture lacks format/input/layers/parameters");
        }
        Net net;
        try {
            Cnn builder = Cnn.input(Shape.of(arch.input()).batched()).seed(arch.seed());
            for (LayerJson layer : arch.layers()) {
                builder.addSaved(saved(layer));
            }
            net = builder.build();
        } catch (RuntimeException e) {
            throw new NetFormatException(name + ": the saved architecture does not rebuild: " + e.getMessage(), e);
        }
        List<Parameter> params = net.tensors();
        if (params.size() != arch.parameters().size()) {
            throw new NetFormatException(name + ": the architecture makes " + params.size() + " parameters but the file lists "
                    + arch.parameters().size());
        }
        long total = 0;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            ParameterJson saved = arch.parameters().get(i);
            if (!p.name().equals(saved.name()) || !Arrays.equals(p.shape().dims(), saved.shape())
                    || (saved.kind() != null && !saved.kind().equalsIgnoreCase(p.kind().name()))) {
                throw new NetFormatException(name + ": parameter " + i + " is " + saved.name() + " " + Arrays.toString(saved.shape())
                        + (saved.kind() == null ? "" : " (" + saved.kind() + ")") + " in the file but the architecture makes " + p);
            }
            total += p.numel();
        }
        if (total != count) {
            throw new NetFormatException(name + ": the parameters hold " + total + " values but the file has " + count);
        }
        int offset = 16 + jsonLength + 8;
        List<float[]> values = new ArrayList<>();
        for (Parameter p : params) {
            float[] v = new float[(int) p.numel()];
            ByteBuffer.wrap(bytes, offset, v.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            offset += v.length * 4;
            values.add(v);
        }
        for (int i = 0; i < params.size(); i++) {
            params.get(i).set(values.get(i));
        }
        return net;
    }

    private static NetFormatException truncated(String name, long expected, long found) {
        return new NetFormatException(name + " is truncated: expected " + expected + " bytes but found " + found
                + "; the save was interrupted or the copy is incomplete");
    }
}
