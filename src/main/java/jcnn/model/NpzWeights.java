package jcnn.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import jcnn.tensor.Shape;
import jcnn.nn.Parameter;

/**
 * Weights from a NumPy {@code .npz} archive into a built net ({@link Net#loadWeights}), e.g. a
 * PyTorch {@code state_dict} saved with
 * <pre>
 *   np.savez("weights.npz", **{k: v.detach().numpy() for k, v in model.state_dict().items()})
 * </pre>
 * Arrays are matched by jcnn's names ({@code conv1.weight}) when the archive has them all, else in
 * order, parameter by parameter (PyTorch's {@code Conv2d} {@code (out, in, k, k)} and
 * {@code Linear} {@code (out, in)} are jcnn's layouts). Every shape is checked before any value is
 * set. Arrays: {@code .npy} format 1.0–3.0, little-endian float32 or float64, C order.
 */
final class NpzWeights {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** One array: its shape and values as float32. */
    record Array(int[] shape, float[] values) {
    }

    private NpzWeights() {
    }

    static void load(Net net, Path file) {
        Map<String, Array> arrays = read(file);
        List<Parameter> params = net.parameters();
        List<Array> matched = new ArrayList<>();
        boolean byName = params.stream().allMatch(p -> arrays.containsKey(p.name()));
        if (byName) {
            for (Parameter p : params) {
                matched.add(arrays.get(p.name()));
            }
        } else {
            if (arrays.size() != params.size()) {
                throw new IllegalArgumentException("loadWeights: " + file + " holds " + arrays.size() + " arrays "
                        + describe(arrays) + " but the net has " + params.size() + " parameters " + params
                        + "; the arrays are matched in order (names differ), so the two must describe the same layers");
            }
            matched.addAll(arrays.values());
        }
        List<String> names = new ArrayList<>(arrays.keySet());
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            Array a = matched.get(i);
            if (!Arrays.equals(a.shape(), p.shape().dims())) {
                String source = byName ? "'" + p.name() + "'" : "array " + (i + 1) + " '" + names.get(i) + "'";
                throw new IllegalArgumentException("loadWeights: " + source + " of " + file + " has shape " + Shape.of(a.shape())
                        + " but " + p.name() + " is " + p.shape() + "; a PyTorch Conv2d weight is (out, in, k, k) and a"
                        + " Linear weight (out, in), as in jcnn: build the net with the same layers and sizes");
            }
        }
        for (int i = 0; i < params.size(); i++) {
            params.get(i).set(matched.get(i).values());
        }
    }

    private static String describe(Map<String, Array> arrays) {
        List<String> parts = new ArrayList<>();
        arrays.forEach((k, v) -> parts.add(k + " " + Shape.of(v.shape())));
        return parts.toString();
    }

    /** The arrays of an .npz in archive order, by name (without {@code .npy}). */
    static Map<String, Array> read(Path file) {
        Map<String, Array> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                try (InputStream in = zip.getInputStream(e)) {
                    arrays.put(name, npy(in.readAllBytes(), file + ":" + e.getName()));
                }
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException("loadWeights: " + file + " is not an .npz archive (" + e.getMessage()
                    + "); save one with np.savez(path, **arrays)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("loadWeights: cannot read " + file + ": " + e, e);
        }
        return arrays;
    }

    /** Parses one {@code .npy}: magic, version, header (a Python dict literal), then the raw values. */
    static Array npy(byte[] bytes, String where) {
        if (bytes.length < 10 || (bytes[0] & 0xFF) != 0x93 || !new String(bytes, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
            throw new IllegalArgumentException("loadWeights: " + where + " is not a .npy array (no \\x93NUMPY magic)");
        }
        int major = bytes[6];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength;
        int start;
        if (major == 1) {
            headerLength = b.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLength = b.getInt(8);
            start = 12;
        } else {
            throw new IllegalArgumentException("loadWeights: " + where + " is .npy version " + major + "; versions 1 to 3 are read");
        }
        String header = new String(bytes, start, headerLength, StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, where);
        if (group(FORTRAN, header, where).equals("True")) {
            throw new IllegalArgumentException("loadWeights: " + where + " is in Fortran order; save np.ascontiguousarray(a)");
        }
        String dims = group(SHAPE, header, where).trim();
        int[] shape = dims.isEmpty() ? new int[0]
                : Arrays.stream(dims.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, start + headerLength, bytes.length - start - headerLength).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        int size = switch (descr) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            default -> throw new IllegalArgumentException("loadWeights: " + where + " holds '" + descr
                    + "' values; float32 ('<f4') or float64 ('<f8') are read: save a.astype(np.float32)");
        };
        if (data.remaining() != count * size) {
            throw new IllegalArgumentException("loadWeights: " + where + " should hold " + count + " values of shape "
                    + Arrays.toString(shape) + " (" + count * size + " bytes) but has " + data.remaining() + " bytes");
        }
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = size == 4 ? data.getFloat() : (float) data.getDouble();
        }
        return new Array(shape, values);
    }

    private static String group(Pattern p, String header, String where) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException("loadWeights: " + where + " has a .npy header without " + p.pattern()
                    .replaceAll("[^a-z_]", "") + ": " + header.trim());
        }
        return m.group(1);
    }
}
