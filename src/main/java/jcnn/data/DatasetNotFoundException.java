package jcnn.data;

/** A data set's files are in none of the places searched; the message names them, their URLs and how to install. */
public class DatasetNotFoundException extends RuntimeException {
    public DatasetNotFoundException(String message) {
        super(message);
    }

    public DatasetNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
