/**
 * Rich output of cells: {@link jcnn.display.Display#display}, {@code html}, {@code markdown},
 * updatable displays ({@link jcnn.display.DisplayHandle}) and comms; and, for library code, the
 * {@link jcnn.display.Renderer} interface with {@link jcnn.display.MimeBundle} that turn a
 * value into MIME data. Public API for cells; independent of the kernel (a notebook runner or
 * plain JShell gets the same outputs).
 */
package jcnn.display;
