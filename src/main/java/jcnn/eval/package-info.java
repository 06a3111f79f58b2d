/**
 * Internal: how a cell is evaluated, not for notebook users. {@link jcnn.eval.JShellEvaluator}
 * runs cells in JShell (in-process, stoppable), with the default imports of {@code jcnn.jsh},
 * the magics ({@code %time}, {@code %maven}, {@code %load}, ...), completion, inspection with
 * jcnn's Javadoc, output routing and the error renderer that points at the failing line. The
 * kernel and the notebook runner both use it; {@link jcnn.eval.Magics} is what a magic line
 * becomes in a cell.
 */
package jcnn.eval;
