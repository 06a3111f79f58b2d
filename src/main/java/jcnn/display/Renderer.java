package jcnn.display;

/**
 * Turns an object into a {@link MimeBundle}. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/jcnn.display.Renderer}); the one
 * with the highest {@link #priority()} that returns a non-null bundle wins.
 */
public interface Renderer {
    /** The bundle for {@code value}, or {@code null} when this renderer does not handle it. */
    MimeBundle render(Object value);

    /** Renderers with a higher priority are asked first; the plain-text fallback has the lowest. */
    default int priority() {
        return 0;
    }
}
