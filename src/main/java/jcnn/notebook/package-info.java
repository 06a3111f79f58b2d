/**
 * Internal tools, not for notebook users: {@code java -jar jcnn.jar run} executes notebooks and
 * JShell scripts headless with the kernel's evaluator ({@link jcnn.notebook.NotebookRunner},
 * {@link jcnn.notebook.ScriptRunner}), and {@link jcnn.notebook.NotebookSource} generates the
 * lecture notebooks from Markdown sources.
 */
package jcnn.notebook;
