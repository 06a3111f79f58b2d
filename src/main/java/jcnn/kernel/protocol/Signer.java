package jcnn.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies Jupyter messages: the hex HMAC of the header, parent header, metadata and
 * content frames, with the connection file's {@code key} and {@code signature_scheme}.
 * An empty key means no signing (the signature frame is empty and not checked), as Jupyter
 * defines it.
 */
public final class Signer {
    private final byte[] key;
    private final String algorithm;
    private final ThreadLocal<Mac> macs;

    /**
     * @param scheme the connection file's {@code signature_scheme}, e.g. {@code hmac-sha256}
     * @param key    the connection file's {@code key} (UTF-8); empty disables signing
     * @throws IllegalArgumentException if the scheme is not an HMAC this JVM provides
     */
    public Signer(String scheme, String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.algorithm = algorithmFor(scheme);
        this.macs = ThreadLocal.withInitial(this::newMac);
        if (this.key.length > 0) {
            newMac(); // fail now, at startup, rather than on the first message
        }
    }

    /** A signer that does not sign (empty key). */
    public static Signer none() {
        return new Signer("hmac-sha256", "");
    }

    /** True when messages are signed (the key is not empty). */
    public boolean enabled() {
        return key.length > 0;
    }

    /** The lowercase hex signature of the four frames, or "" when signing is off. */
    public String sign(List<byte[]> frames) {
        if (!enabled()) {
            return "";
        }
        Mac mac = macs.get();
        for (byte[] frame : frames) {
            mac.update(frame);
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /**
     * Checks a received signature in constant time ({@link MessageDigest#isEqual}), so that a
     * forger learns nothing from how long the comparison took.
     */
    public boolean verify(byte[] signature, List<byte[]> frames) {
        if (!enabled()) {
            return true;
        }
        byte[] expected = sign(frames).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("signature scheme " + algorithm + " is not available in this JVM: " + e, e);
        }
    }

    private static String algorithmFor(String scheme) {
        String s = scheme == null || scheme.isEmpty() ? "hmac-sha256" : scheme;
        if (!s.startsWith("hmac-")) {
            throw new IllegalArgumentException("signature_scheme '" + scheme
                    + "' is not supported; expected hmac-sha256 (or another hmac-<digest>) in the connection file");
        }
        return "Hmac" + s.substring(5).toUpperCase().replace("-", "");
    }
}
