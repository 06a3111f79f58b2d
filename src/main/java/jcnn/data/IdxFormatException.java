package jcnn.data;

/**
 * A file is not a valid IDX file: wrong magic number, unknown data type, impossible dimensions,
 * or fewer (or more) bytes than its header promises. The message names the file, what was
 * expected and what was found.
 */
public class IdxFormatException extends RuntimeException {
    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
