package jcnn.eval;

import jcnn.display.DisplaySink;

/**
 * What an {@link Evaluator} talks to while one cell runs: the kernel (iopub and stdin
 * sockets) or the headless notebook runner (cell outputs). Called from the execution thread.
 */
public interface CellContext extends DisplaySink {
    /** Text the cell wrote to {@code System.out}, in order. */
    void stdout(String text);

    /** Text the cell wrote to {@code System.err}, in order. */
    void stderr(String text);

    /**
     * Asks the user for one line of input ({@code System.in} in a cell).
     *
     * @return the line, without its terminator
     * @throws IllegalStateException when the client does not accept input (allow_stdin false),
     *                               with a message that says so
     */
    String input(String prompt, boolean password);

    /** The execution count shown as {@code In[n]}, used in error locations. */
    int executionCount();
}
