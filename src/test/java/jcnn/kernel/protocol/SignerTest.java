package jcnn.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignerTest {
    /**
     * Frames and expected signature computed independently with Python's hmac module:
     * <pre>
     * import hmac, hashlib
     * h = hmac.new(b"jcnn-test-key", digestmod=hashlib.sha256)
     * for f in [b'{"msg_id":"1","msg_type":"execute_request"}', b'{}', b'{}', b'{"code":"6*7"}']: h.update(f)
     * h.hexdigest()
     * </pre>
     */
    static final List<byte[]> FRAMES = List.of(
            bytes("{\"msg_id\":\"1\",\"msg_type\":\"execute_request\"}"), bytes("{}"), bytes("{}"),
            bytes("{\"code\":\"6*7\"}"));
    static final String PYTHON_SIGNATURE = "ce429aed7bd594d7568d0649e7d863da2b955a978990b877577e82ff2075769d";

    @Test
    void signatureMatchesPythonHmacVector() {
        assertEquals(PYTHON_SIGNATURE, new Signer("hmac-sha256", "jcnn-test-key").sign(FRAMES));
    }

    @Test
    void verifyAcceptsThePythonSignatureAndRejectsAlterations() {
        Signer signer = new Signer("hmac-sha256", "jcnn-test-key");
        assertTrue(signer.verify(bytes(PYTHON_SIGNATURE), FRAMES));
        List<byte[]> altered = List.of(FRAMES.get(0), FRAMES.get(1), FRAMES.get(2), bytes("{\"code\":\"6*8\"}"));
        assertFalse(signer.verify(bytes(PYTHON_SIGNATURE), altered));
        assertFalse(new Signer("hmac-sha256", "other-key").verify(bytes(PYTHON_SIGNATURE), FRAMES));
        assertFalse(signer.verify(bytes(""), FRAMES));
        assertFalse(signer.verify(bytes(PYTHON_SIGNATURE.toUpperCase()), FRAMES));
    }

    @Test
    void emptyKeyMeansNoSigning() {
        Signer none = Signer.none();
        assertFalse(none.enabled());
        assertEquals("", none.sign(FRAMES));
        assertTrue(none.verify(bytes(""), FRAMES));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
