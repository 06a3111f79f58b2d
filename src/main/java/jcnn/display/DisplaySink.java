package jcnn.display;

/**
 * Where {@link Display} sends rendered objects while a cell runs: the kernel publishes them
 * as {@code display_data} / {@code update_display_data}, the notebook runner stores them as
 * cell outputs. When no sink is installed (a plain JShell), {@link Display} falls back to
 * printing text and saving pictures to files or a window.
 */
public interface DisplaySink {
    /**
     * Shows a bundle.
     *
     * @param bundle    what to show
     * @param displayId the display id ({@code transient.display_id}), or null for none
     * @param update    true to replace the output shown earlier under {@code displayId}
     */
    void display(MimeBundle bundle, String displayId, boolean update);

    /**
     * Clears the cell's output shown so far, as Jupyter's {@code clear_output}.
     *
     * @param wait true to clear only when the next output arrives (no flicker when redrawing)
     */
    default void clear(boolean wait) {
    }

    /**
     * Offers text a cell printed to this sink when it stands in for the cell's own (an Output
     * widget capturing a callback's prints). Returns true when it took the text; the default
     * takes nothing, so the text goes to the running cell.
     *
     * @param name {@code stdout} or {@code stderr}
     */
    default boolean captureText(String name, String text) {
        return false;
    }
}
