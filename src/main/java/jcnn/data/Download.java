package jcnn.data;

import jcnn.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one file over HTTP(S) with {@link HttpClient}: into {@code NAME.part}, resumed with
 * an HTTP {@code Range} request after a broken connection (or left over from an earlier run),
 * restarted when the server ignores the range, checked against its size and SHA-256, and only
 * then moved atomically to {@code NAME}. A progress bar is printed, rewritten in place with
 * {@code \r} (a notebook shows it in the cell's output).
 */
final class Download {
    /** Transfers that end early are resumed this many times before giving up (the .part stays for a later call). */
    static final int ATTEMPTS = 4;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private Download() {
    }

    /** A download that failed: the message says what was received and what was expected. */
    static final class Failure extends IOException {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Downloads {@code uri} to {@code target} unless it exists.
     *
     * @param size   the expected length in bytes
     * @param sha256 the expected SHA-256, lower-case hex
     * @throws Failure if the server cannot be reached, answers with an error, keeps breaking off,
     *                 or the file has another length or hash (then nothing is kept)
     */
    static void fetch(URI uri, Path target, long size, String sha256, PrintStream progress) throws Failure {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (ProxySelector.getDefault() != null) {
            builder.proxy(ProxySelector.getDefault());   // -Dhttps.proxyHost and friends
        }
        HttpClient client = builder.build();
        int breaks = 0;
        boolean resumed = length(part) > 0;
        boolean restarted = false;
        IOException lastBreak = null;
        while (true) {
            long have = length(part);
            if (have > size) {
                delete(part);
                have = 0;
            }
            if (have < size) {
                if (breaks >= ATTEMPTS) {
                    throw new Failure(uri + ": the transfer broke off " + breaks + " times, last at " + have + " of " + size
                            + " bytes (" + (lastBreak == null ? "?" : lastBreak.getMessage()) + ")"
                            + (have > 0 ? "; " + part.getFileName() + " is kept and the next call resumes it" : ""), lastBreak);
                }
                try {
                    resumed |= have > 0;
                    transfer(client, uri, part, have, size, progress);
                } catch (Failure f) {
                    throw f;
                } catch (IOException e) {
                    breaks++;
                    lastBreak = e;
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Failure("download of " + uri + " interrupted; " + part.getFileName() + " is kept and the next "
                            + "call resumes it", e);
                }
                if (length(part) < size) {
                    breaks++;
                    lastBreak = new IOException("the server sent " + length(part) + " of " + size + " bytes");
                    continue;
                }
            }
            String actual = sha256(part);
            if (length(part) == size && actual.equals(sha256)) {
                move(part, target);
                return;
            }
            long got = length(part);
            delete(part);
            if (resumed && !restarted) {
                // NOTE: a part left by an earlier run may hold other bytes than this server's file: start afresh once
                restarted = true;
                resumed = false;
                breaks = 0;
                continue;
            }
            throw new Failure(uri + " gave " + got + " bytes with SHA-256 " + actual + " but " + target.getFileName()
                    + " must have " + size + " bytes with SHA-256 " + sha256 + "; the download was deleted. The server (or a "
                    + "proxy) serves another file: check the URL, or fetch the file by hand and check it with sha256sum", null);
        }
    }

    /** One HTTP request: appends to {@code part} from byte {@code have} on, or rewrites it when the server sends it all. */
    private static void transfer(HttpClient client, URI uri, Path part, long have, long size, PrintStream progress)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("User-Agent", "jcnn");
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException | java.nio.channels.UnresolvedAddressException e) {
            throw new Failure("cannot reach " + uri + " (" + describe(e) + ")", e);
        } catch (IOException e) {
            if (have == 0 && e.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
                throw new Failure("cannot reach " + uri + " (unknown host)", e);
            }
            throw e;
        }
        int status = response.statusCode();
        long start;
        if (status == 206) {
            Optional<String> range = response.headers().firstValue("Content-Range");
            Matcher m = CONTENT_RANGE.matcher(range.orElse(""));
            if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                response.body().close();
                delete(part);   // a range we did not ask for: start again from byte 0
                throw new IOException("the server answered Range: bytes=" + have + "- with Content-Range " + range.orElse("(none)"));
            }
            start = have;
        } else if (status == 200) {
            start = 0;   // the server ignores ranges (or there was no part): the whole file again
        } else if (status == 416) {
            response.body().close();
            delete(part);
            throw new IOException("the server refused the range bytes=" + have + "- (HTTP 416)");
        } else {
            response.body().close();
            throw new Failure(uri + " answered HTTP " + status + (status == 404 ? " (not found): check the URL" : ""), null);
        }
        Bar bar = new Bar(progress, uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1), size);
        StandardOpenOption mode = start > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buffer = new byte[1 << 16];
            long done = start;
            bar.show(done, false);
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (done + n > size) {
                    throw new Failure(uri + " sends more than the " + size + " bytes " + part.getFileName().toString()
                            .replace(".part", "") + " must have: the server serves another file; check the URL", null);
                }
                out.write(buffer, 0, n);
                done += n;
                bar.show(done, false);
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
            }
            bar.show(done, true);
        } catch (Failure f) {
            delete(part);
            throw f;
        }
    }

    /** The first message in the cause chain, else the class names: ConnectException often has none. */
    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException) {
                return "the host name does not resolve: offline, or no DNS";
            }
        }
        StringBuilder names = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            names.append(names.length() == 0 ? "" : " < ").append(t.getClass().getSimpleName());
        }
        return names.toString();
    }

    static String sha256(Path file) throws Failure {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new Failure("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static long length(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // NOTE: a part we cannot delete is truncated by the next full transfer
        }
    }

    private static void move(Path from, Path to) throws Failure {
        try {
            AtomicFile.move(from, to);
        } catch (IOException e) {
            throw new Failure("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** {@code train-images-idx3-ubyte.gz  [########------------]  41%  10.9/26.4 MB}, at most 5 times a second. */
    private static final class Bar {
        private final PrintStream out;
        private final String name;
        private final long size;
        private long lastPrint;

        Bar(PrintStream out, String name, long size) {
            this.out = out;
            this.name = name;
            this.size = size;
        }

        void show(long done, boolean last) {
            if (out == null) {
                return;
            }
            long now = System.nanoTime();
            if (!last && now - lastPrint < 200_000_000L) {
                return;
            }
            lastPrint = now;
            int width = 30;
            int filled = (int) (width * done / Math.max(1, size));
            out.print(String.format(Locale.ROOT, "\r%s  [%s%s] %3d%%  %.1f/%.1f MB", name, "#".repeat(filled),
                    "-".repeat(width - filled), 100 * done / Math.max(1, size), done / 1e6, size / 1e6) + (last ? "\n" : ""));
            out.flush();
        }
    }
}
