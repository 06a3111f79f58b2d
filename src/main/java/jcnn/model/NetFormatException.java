package jcnn.model;

/**
 * A file is not a loadable jcnn net: foreign, truncated, damaged (checksum), from a newer
 * format version, or describing shapes that do not fit. Nothing was loaded.
 */
public class NetFormatException extends RuntimeException {
    public NetFormatException(String message) {
        super(message);
    }

    public NetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
