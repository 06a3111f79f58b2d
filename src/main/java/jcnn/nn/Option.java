package jcnn.nn;

/**
 * A named layer option such as {@code stride(2)} or {@code padding(1)}, made by the builder's
 * {@code stride} and {@code padding} ({@code import static jcnn.model.Cnn.*}) and read by the
 * layer it is passed to (which checks its value and names itself in the error), or by
 * {@code Augment.crop(size, padding(4))}.
 */
public record Option(String name, int value) {
    @Override
    public String toString() {
        return name + "(" + value + ")";
    }
}
