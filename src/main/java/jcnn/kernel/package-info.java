/**
 * Internal: the Jupyter kernel, not for notebook users. {@link jcnn.kernel.Kernel} answers the
 * messaging protocol (execute, complete, inspect, is_complete, history, interrupt, shutdown,
 * comms) with a {@link jcnn.eval.JShellEvaluator}; {@code install}, {@code uninstall} and
 * {@code doctor} manage the kernelspec. Started by {@code java -jar jcnn.jar kernel}.
 */
package jcnn.kernel;
