package jcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding and downloading data sets, against an HTTP server on 127.0.0.1 serving small generated files. */
@org.junit.jupiter.api.Timeout(120)
class DatasetDownloadTest {
    @TempDir
    Path tmp;
    HttpServer server;
    String base;
    /** What each file path serves; {@code mode} changes how. */
    final Map<String, byte[]> served = new ConcurrentHashMap<>();
    final Map<String, String> mode = new ConcurrentHashMap<>();
    /** "path Range-header" of every request, in order. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    byte[] images;
    byte[] labels;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/data/";
        // 5 images of 2x3 pixels (values 0, 10, 20, ...) and their labels, as gzip IDX files
        byte[] pixels = new byte[5 * 6];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (10 * i);
        }
        Idx.writeUnsignedBytes(tmp.resolve("images.gz"), new int[] {5, 2, 3}, pixels, true);
        Idx.writeUnsignedBytes(tmp.resolve("labels.gz"), new int[] {5}, new byte[] {3, 1, 4, 1, 5}, true);
        images = Files.readAllBytes(tmp.resolve("images.gz"));
        labels = Files.readAllBytes(tmp.resolve("labels.gz"));
        served.put("/data/train-images-idx3-ubyte.gz", images);
        served.put("/data/train-labels-idx1-ubyte.gz", labels);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(path + " " + range);
        byte[] body = served.get(path);
        if (body == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        String how = mode.getOrDefault(path, "ranges");
        if (how.equals("corrupt")) {
            body = body.clone();
            body[body.length / 2] ^= 0x55;
        } else if (how.equals("truncated")) {
            body = Arrays.copyOf(body, body.length - 7);
        } else if (how.equals("break-once")) {
            mode.put(path, "ranges");
            // promises the whole file, sends half and drops the connection
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            // NOTE: the JDK server closes the connection when a handler throws
            throw new IOException("test server: dropping the connection mid-file");
        }
        if (range != null && !how.equals("no-ranges")) {
            Matcher m = Pattern.compile("bytes=(\\d+)-").matcher(range);
            assertTrue(m.matches(), range);
            int from = Integer.parseInt(m.group(1));
            if (from >= body.length) {
                ex.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                ex.sendResponseHeaders(416, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            ex.sendResponseHeaders(206, body.length - from);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body, from, body.length - from);
            }
            return;
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** A data set "tiny" whose files are the generated ones, with their real sizes and hashes. */
    DataSource tiny(Path systemDir) throws Exception {
        return new DataSource("tiny", "Tiny", systemDir, "dataset-tiny", "jcnn.url.tiny", "JCNN_TINY_URL", "unused", List.of(
                new DataSource.Remote("train-images-idx3-ubyte.gz", images.length, sha256(images)),
                new DataSource.Remote("train-labels-idx1-ubyte.gz", labels.length, sha256(labels))));
    }

    DataFiles.Places places(String baseUrl) {
        return new DataFiles.Places(null, null, tmp.resolve("home"), baseUrl, new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    Dataset loadTiny() throws Exception {
        return IdxDatasets.load(tiny(tmp.resolve("no-system-dir")), "train", "train", List.of("0", "1", "2", "3", "4", "5"),
                places(base));
    }

    Path home(String file) {
        return tmp.resolve("home").resolve("tiny").resolve(file);
    }

    void assertTinyLoaded(Dataset d) {
        assertEquals(5, d.size());
        assertArrayEquals(new int[] {3, 1, 4, 1, 5}, d.labels());
        assertEquals(70 / 255f, d.images().get(1, 0, 0, 1), 1e-7);   // image 1, pixel 1: byte 10·7
    }

    @Test
    void missingFilesAreDownloadedCheckedAndLoadedThenFoundLocally() throws Exception {
        Dataset d = loadTiny();
        assertTinyLoaded(d);
        assertArrayEquals(images, Files.readAllBytes(home("train-images-idx3-ubyte.gz")));
        assertArrayEquals(labels, Files.readAllBytes(home("train-labels-idx1-ubyte.gz")));
        assertEquals(List.of("/data/train-images-idx3-ubyte.gz null", "/data/train-labels-idx1-ubyte.gz null"), requests);
        try (var files = Files.list(home("."))) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".part")), "no .part left");
        }
        String shown = progress.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("Tiny train: downloading 2 files") && shown.contains(base), shown);
        assertTrue(shown.contains("train-images-idx3-ubyte.gz  [##############################] 100%"), shown);
        requests.clear();
        assertTinyLoaded(loadTiny());
        assertEquals(List.of(), requests, "the second load reads the downloaded files");
    }

    @Test
    void theSystemDirectoryComesBeforeTheDownload() throws Exception {
        Path system = Files.createDirectories(tmp.resolve("system"));
        Files.write(system.resolve("train-images-idx3-ubyte.gz"), images);
        Files.write(system.resolve("train-labels-idx1-ubyte.gz"), labels);
        assertTinyLoaded(IdxDatasets.load(tiny(system), "train", "train", List.of("0", "1", "2", "3", "4", "5"), places(base)));
        assertEquals(List.of(), requests);
    }

    @Test
    void aCorruptDownloadIsRefusedWithBothHashesAndNothingIsKept() throws Exception {
        mode.put("/data/train-labels-idx1-ubyte.gz", "corrupt");
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, this::loadTiny);
        String m = e.getMessage();
        assertTrue(m.contains("SHA-256 " + sha256(labels)), m);
        byte[] corrupt = labels.clone();
        corrupt[corrupt.length / 2] ^= 0x55;
        assertTrue(m.contains("SHA-256 " + sha256(corrupt)), m);
        assertTrue(m.contains(base + "train-labels-idx1-ubyte.gz"), m);
        assertFalse(Files.exists(home("train-labels-idx1-ubyte.gz")));
        assertFalse(Files.exists(home("train-labels-idx1-ubyte.gz.part")));
        assertTrue(Files.exists(home("train-images-idx3-ubyte.gz")), "the good file is kept");
    }

    @Test
    void aTruncatedDownloadIsRetriedThenReportedAndNeverMovedIntoPlace() throws Exception {
        mode.put("/data/train-images-idx3-ubyte.gz", "truncated");
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, this::loadTiny);
        assertTrue(e.getMessage().contains("broke off " + Download.ATTEMPTS + " times"), e.getMessage());
        assertTrue(e.getMessage().contains("of " + images.length + " bytes"), e.getMessage());
        assertFalse(Files.exists(home("train-images-idx3-ubyte.gz")));
        long tries = requests.stream().filter(r -> r.startsWith("/data/train-images")).count();
        assertEquals(Download.ATTEMPTS, tries, requests.toString());
        assertTrue(requests.contains("/data/train-images-idx3-ubyte.gz bytes=" + (images.length - 7) + "-"),
                "resumed where it broke off: " + requests);
        // the server's 416 for the last range says the part is no prefix of its file: it was deleted, and said so
        assertFalse(Files.exists(home("train-images-idx3-ubyte.gz.part")));
        assertFalse(e.getMessage().contains("is kept"), e.getMessage());
        mode.remove("/data/train-images-idx3-ubyte.gz");
        requests.clear();
        assertTinyLoaded(loadTiny());
        assertEquals("/data/train-images-idx3-ubyte.gz null", requests.get(0));
    }

    @Test
    void aBrokenConnectionIsResumedWithARangeRequest() throws Exception {
        mode.put("/data/train-images-idx3-ubyte.gz", "break-once");
        assertTinyLoaded(loadTiny());
        assertEquals("/data/train-images-idx3-ubyte.gz null", requests.get(0));
        assertEquals("/data/train-images-idx3-ubyte.gz bytes=" + images.length / 2 + "-", requests.get(1), requests.toString());
        assertArrayEquals(images, Files.readAllBytes(home("train-images-idx3-ubyte.gz")));
    }

    @Test
    void aPartFromAnEarlierRunIsResumedAndAStaleOneRestarted() throws Exception {
        Files.createDirectories(home("."));
        Files.write(home("train-images-idx3-ubyte.gz.part"), Arrays.copyOf(images, 20));
        byte[] stale = Arrays.copyOf(labels, 9);
        stale[3] ^= 1;   // a part of some other file
        Files.write(home("train-labels-idx1-ubyte.gz.part"), stale);
        assertTinyLoaded(loadTiny());
        assertEquals(List.of("/data/train-images-idx3-ubyte.gz bytes=20-", "/data/train-labels-idx1-ubyte.gz bytes=9-",
                "/data/train-labels-idx1-ubyte.gz null"), requests);
        assertFalse(Files.exists(home("train-labels-idx1-ubyte.gz.part")));
    }

    @Test
    void aServerThatIgnoresRangesGetsTheWholeFileRewritten() throws Exception {
        mode.put("/data/train-images-idx3-ubyte.gz", "no-ranges");
        Files.createDirectories(home("."));
        Files.write(home("train-images-idx3-ubyte.gz.part"), Arrays.copyOf(images, 20));
        assertTinyLoaded(loadTiny());
        assertArrayEquals(images, Files.readAllBytes(home("train-images-idx3-ubyte.gz")));
    }

    @Test
    void offlineTheErrorNamesTheFilesTheirUrlsAndWhereToPutThem() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String offline = "http://127.0.0.1:" + closedPort + "/mirror";
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> IdxDatasets.load(tiny(tmp.resolve("no-system-dir")), "train", "train", List.of("0", "1"), places(offline)));
        String m = e.getMessage();
        assertTrue(m.contains("cannot reach " + offline + "/train-images-idx3-ubyte.gz"), m);
        assertTrue(m.contains("train-images-idx3-ubyte.gz  from " + offline + "/train-images-idx3-ubyte.gz"), m);
        assertTrue(m.contains("train-labels-idx1-ubyte.gz  from " + offline + "/train-labels-idx1-ubyte.gz"), m);
        assertTrue(m.contains("put these files in " + tmp.resolve("home").resolve("tiny")), m);
        assertTrue(m.contains(tmp.resolve("no-system-dir").toString()), "names the places searched: " + m);
        assertTrue(m.contains("apt-get install dataset-tiny") && m.contains("JCNN_TINY_URL"), m);
        assertTrue(Files.notExists(home("train-images-idx3-ubyte.gz")));
    }

    @Test
    void anExplicitDataDirectoryThatDoesNotExistOrLacksTheFilesIsAnErrorNotAFallback() throws Exception {
        Path system = Files.createDirectories(tmp.resolve("system"));
        Files.write(system.resolve("train-images-idx3-ubyte.gz"), images);
        Files.write(system.resolve("train-labels-idx1-ubyte.gz"), labels);
        DataFiles.Places missing = new DataFiles.Places("/nonexistent/jcnn-data", "JCNN_DATA", tmp.resolve("home"), base, null);
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> IdxDatasets.load(tiny(system), "train", "train", List.of("0", "1", "2", "3", "4", "5"), missing));
        assertTrue(e.getMessage().contains("JCNN_DATA is '/nonexistent/jcnn-data', which does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("unset JCNN_DATA"), e.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        DataFiles.Places lacking = new DataFiles.Places(empty.toString(), "-Djcnn.data", tmp.resolve("home"), base, null);
        e = assertThrows(DatasetNotFoundException.class,
                () -> IdxDatasets.load(tiny(system), "train", "train", List.of("0", "1", "2", "3", "4", "5"), lacking));
        assertTrue(e.getMessage().contains("neither " + empty.resolve("tiny") + " nor " + empty + " holds train-images-idx3-ubyte(.gz)"),
                e.getMessage());
        assertTrue(e.getMessage().contains(base + "train-labels-idx1-ubyte.gz"), e.getMessage());
        assertEquals(List.of(), requests, "no download into an explicit directory");
        Files.write(Files.createDirectories(empty.resolve("tiny")).resolve("train-images-idx3-ubyte.gz"), images);
        Files.write(empty.resolve("tiny").resolve("train-labels-idx1-ubyte.gz"), labels);
        assertTinyLoaded(IdxDatasets.load(tiny(system), "train", "train", List.of("0", "1", "2", "3", "4", "5"), lacking));
    }

    /** Run in a child JVM whose environment has {@code JCNN_DATA}: loads the Fashion-MNIST test set. */
    static final class LoadFashionMnist {
        public static void main(String[] args) {
            try {
                System.out.println("loaded " + FashionMnist.test());
            } catch (DatasetNotFoundException e) {
                System.out.println("error " + e.getMessage());
            }
        }
    }

    @Test
    void jcnnDataSetToAMissingDirectoryIsReportedInsteadOfFallingBackToTheDebianPath() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LoadFashionMnist.class.getName()).redirectErrorStream(true);
        pb.environment().put("JCNN_DATA", "/nonexistent");
        pb.environment().put("JCNN_FASHION_MNIST_URL", "http://127.0.0.1:9/");   // never asked: JCNN_DATA is explicit
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertTrue(out.startsWith("error Fashion-MNIST test: JCNN_DATA is '/nonexistent', which does not exist"), out);
        assertTrue(out.contains("t10k-images-idx3-ubyte.gz  from http://127.0.0.1:9/t10k-images-idx3-ubyte.gz"), out);
    }

    // ---- CIFAR-10 ----

    /** {@code n} records: label {@code (first + r) % 10}, pixel p of channel c = (first + r + 3c + p) mod 256. */
    static byte[] cifarRecords(int first, int n) {
        byte[] b = new byte[n * Cifar10.RECORD];
        for (int r = 0; r < n; r++) {
            b[r * Cifar10.RECORD] = (byte) ((first + r) % 10);
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    b[r * Cifar10.RECORD + 1 + c * 1024 + p] = (byte) (first + r + 3 * c + p);
                }
            }
        }
        return b;
    }

    static void assertCifar(Dataset d, int first, int n) {
        assertEquals(n, d.size());
        assertArrayEquals(new int[] {n, 3, 32, 32}, d.images().shape());
        for (int r = 0; r < n; r++) {
            assertEquals((first + r) % 10, d.label(r));
            for (int c = 0; c < 3; c++) {
                for (int y : new int[] {0, 5, 31}) {
                    for (int x : new int[] {0, 17, 31}) {
                        int expected = (first + r + 3 * c + y * 32 + x) & 0xff;
                        assertEquals(expected / 255f, d.images().get(r, c, y, x), "record " + r + " channel " + c + " (" + y + ", " + x + ")");
                    }
                }
            }
        }
    }

    /** A .tar.gz of {@code cifar-10-batches-bin/NAME} members (ustar, as tar writes it). */
    static byte[] tarGz(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                byte[] h = new byte[512];
                byte[] name = m.getKey().getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(name, 0, h, 0, name.length);
                put(h, 100, String.format("%07o", 0644));
                put(h, 108, "0000000");
                put(h, 116, "0000000");
                put(h, 124, String.format("%011o", m.getValue().length));
                put(h, 136, "00000000000");
                h[156] = '0';
                put(h, 257, "ustar");
                put(h, 263, "00");
                Arrays.fill(h, 148, 156, (byte) ' ');
                int sum = 0;
                for (byte x : h) {
                    sum += x & 0xff;
                }
                put(h, 148, String.format("%06o", sum));
                gz.write(h);
                gz.write(m.getValue());
                gz.write(new byte[(512 - m.getValue().length % 512) % 512]);
            }
            gz.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }

    @Test
    void cifarTrainAndTestAreReadFromTheDownloadedArchiveInBatchOrder() throws Exception {
        Map<String, byte[]> members = new java.util.LinkedHashMap<>();
        members.put("cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes(StandardCharsets.US_ASCII));
        members.put("cifar-10-batches-bin/test_batch.bin", cifarRecords(100, 3));
        for (int i = 5; i >= 1; i--) {   // stored in reverse: the reader must order them
            members.put("cifar-10-batches-bin/data_batch_" + i + ".bin", cifarRecords(10 * i, 2));
        }
        byte[] archive = tarGz(members);
        served.put("/data/cifar-10-binary.tar.gz", archive);
        DataSource source = new DataSource("cifar-10", "CIFAR-10", null, null, "p", "E", "unused",
                List.of(new DataSource.Remote(Cifar10.ARCHIVE, archive.length, sha256(archive))));
        Dataset train = Cifar10.load(source, "train", Cifar10.TRAIN_FILES, places(base));
        assertEquals(10, train.size());
        for (int i = 1; i <= 5; i++) {
            assertCifar(train.slice(2 * (i - 1), 2 * i), 10 * i, 2);
        }
        assertEquals(Cifar10.CLASS_NAMES, train.classNames());
        assertCifar(Cifar10.load(source, "test", Cifar10.TEST_FILES, places(base)), 100, 3);
        assertEquals(1, requests.size(), "one download for both splits: " + requests);
        assertTrue(Files.exists(tmp.resolve("home").resolve("cifar-10").resolve(Cifar10.ARCHIVE)));
    }

    @Test
    void cifarBinaryFilesAreReadExtractedAndDamagedOnesAreRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data").resolve("cifar-10").resolve("cifar-10-batches-bin"));
        Files.write(dir.resolve("test_batch.bin"), cifarRecords(7, 4));
        DataSource source = new DataSource("cifar-10", "CIFAR-10", null, null, "p", "E", "unused",
                List.of(new DataSource.Remote(Cifar10.ARCHIVE, 1, "0")));
        DataFiles.Places explicit = new DataFiles.Places(tmp.resolve("data").toString(), "JCNN_DATA", tmp.resolve("home"), base, null);
        assertCifar(Cifar10.load(source, "test", Cifar10.TEST_FILES, explicit), 7, 4);
        assertCifar(Cifar10.fromBinary(dir.resolve("test_batch.bin")), 7, 4);
        Path cut = tmp.resolve("cut.bin");
        Files.write(cut, Arrays.copyOf(cifarRecords(0, 2), Cifar10.RECORD + 100));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Cifar10.fromBinary(cut));
        assertTrue(e.getMessage().contains((Cifar10.RECORD + 100) + " bytes is not a whole number of 3073-byte records"), e.getMessage());
        byte[] bad = cifarRecords(0, 1);
        bad[0] = 42;
        Files.write(cut, bad);
        e = assertThrows(IdxFormatException.class, () -> Cifar10.fromBinary(cut));
        assertTrue(e.getMessage().contains("label 42"), e.getMessage());
        List<String> none = new ArrayList<>(requests);
        assertEquals(List.of(), none);
    }
}
