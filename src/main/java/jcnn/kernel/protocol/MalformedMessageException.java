package jcnn.kernel.protocol;

/**
 * A multipart message that cannot be a Jupyter message: missing delimiter, too few frames,
 * a bad or missing signature, or JSON that does not parse. The kernel logs it and drops the
 * message; it never executes anything from it.
 */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
