package jcnn.kernel.channels;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection file Jupyter writes for a kernel: transport, ip, the five ports, the key and
 * the signature scheme.
 *
 * @param transport {@code tcp} or {@code ipc}
 * @param ip        the address to bind (tcp) or the path prefix of the socket files (ipc)
 */
public record ConnectionInfo(String transport, String ip, int shellPort, int iopubPort, int stdinPort,
                             int controlPort, int hbPort, String key, String signatureScheme) {

    /**
     * Reads a connection file.
     *
     * @throws IOException              if it cannot be read
     * @throws IllegalArgumentException if it is not JSON or lacks a port, naming what is missing
     */
    public static ConnectionInfo read(Path file) throws IOException {
        String text = Files.readString(file);
        JsonObject json;
        try {
            json = JsonParser.parseString(text).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("connection file " + file + " is not a JSON object: " + e.getMessage(), e);
        }
        return new ConnectionInfo(
                str(json, "transport", "tcp"), str(json, "ip", "127.0.0.1"),
                port(json, "shell_port", file), port(json, "iopub_port", file), port(json, "stdin_port", file),
                port(json, "control_port", file), port(json, "hb_port", file),
                str(json, "key", ""), str(json, "signature_scheme", "hmac-sha256"));
    }

    /** The ZeroMQ endpoint for one port: {@code tcp://IP:PORT} or {@code ipc://IP-PORT}. */
    public String endpoint(int port) {
        return switch (transport) {
            case "tcp" -> "tcp://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
            case "ipc" -> "ipc://" + ip + "-" + port;
            default -> throw new IllegalArgumentException("transport '" + transport
                    + "' is not supported; expected tcp or ipc in the connection file");
        };
    }

    private static String str(JsonObject json, String name, String fallback) {
        var e = json.get(name);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    private static int port(JsonObject json, String name, Path file) {
        var e = json.get(name);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IllegalArgumentException("connection file " + file + " has no " + name
                    + "; expected the five ports shell_port, iopub_port, stdin_port, control_port, hb_port");
        }
        return e.getAsInt();
    }
}
