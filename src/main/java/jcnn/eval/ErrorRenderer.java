package jcnn.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;

/**
 * Turns JShell's compile diagnostics and runtime exceptions into what a student can read:
 * {@code Cell In[n], line l, column c: message}, the offending line and a caret; the user's
 * exception class and message with a stack trace whose frames name cells, not JShell's
 * wrapper classes. No ANSI colours: the client's default colour is used.
 */
final class ErrorRenderer {
    /** How many frames of one exception are shown before "... n more". */
    private static final int MAX_FRAMES = 40;

    /** Where a snippet came from: its cell and the cell line its first line is on (0-based). */
    record Origin(int cell, int firstLine) {
    }

    private ErrorRenderer() {
    }

    /** "Cell In[n], line l, column c: message", the line, a caret under the column. */
    static List<String> compileError(int cell, String cellCode, int position, Diag diag) {
        int pos = Math.max(0, Math.min(position, cellCode.length()));
        int lineStart = cellCode.lastIndexOf('\n', pos - 1) + 1;
        int lineEnd = cellCode.indexOf('\n', pos);
        if (lineEnd < 0) {
            lineEnd = cellCode.length();
        }
        int line = 1;
        for (int i = 0; i < lineStart; i++) {
            if (cellCode.charAt(i) == '\n') {
                line++;
            }
        }
        int column = pos - lineStart + 1;
        List<String> out = new ArrayList<>();
        String[] message = cleanMessage(diag.getMessage(Locale.ROOT)).split("\n");
        out.add(location(cell, line) + ", column " + column + ": " + message[0]);
        for (int i = 1; i < message.length; i++) {
            out.add(message[i]);
        }
        String text = cellCode.substring(lineStart, lineEnd);
        out.add("    " + text);
        StringBuilder caret = new StringBuilder("    ");
        for (int i = 0; i < column - 1 && i < text.length(); i++) {
            caret.append(text.charAt(i) == '\t' ? '\t' : ' ');
        }
        out.add(caret.append('^').toString());
        return out;
    }

    /**
     * Hints for the two mistakes a student makes typing a multi-line builder chain line by line
     * (JShell and {@code jupyter console} run each complete line at once): the first line
     * assigns the builder, {@code Cnn}, to a {@code Net} ("cannot be converted"), and the next
     * line, starting with {@code .}, is not Java on its own ("illegal start of expression").
     *
     * @param source   the snippet as JShell compiled it
     * @param messages its error diagnostics
     * @return "Hint: ..." lines, empty when no hint applies
     */
    static List<String> hints(String source, List<String> messages) {
        List<String> out = new ArrayList<>();
        if (startsWithDot(source)) {
            out.add("Hint: a line starting with `.` continues the previous one, but that line already ran on its own.");
            out.add("  Put the whole chain in one cell, or end each line with `.` so it is not complete yet:");
            out.add("    Net net = Cnn.input(1, 28, 28).");
            out.add("        conv(32, 3, padding(1)).relu().maxPool(2).");
            out.add("        flatten().dense(10).softmax().build();");
        }
        for (String m : messages) {
            if (m.matches("(?s).*\\bCnn cannot be converted to (jcnn\\.model\\.)?Net\\b.*")) {
                out.add("Hint: forgot `.build()`? Cnn.input(...)...softmax() is the builder (a Cnn);"
                        + " `.build()` at the end of the chain makes the Net.");
                break;
            }
        }
        return out;
    }

    /** Whether the first code of {@code source}, after blanks and comments, is a {@code .}. */
    private static boolean startsWithDot(String source) {
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                return c == '.' && !(i + 1 < n && Character.isDigit(source.charAt(i + 1)));
            }
        }
        return false;
    }

    /** Drops the "location: class" lines that only name JShell's hidden wrapper class. */
    static String cleanMessage(String message) {
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\n")) {
            String t = line.strip();
            if (t.startsWith("location:") && (t.equals("location: class") || t.contains("$JShell$"))) {
                continue;
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.replaceAll("REPL\\.\\$JShell\\$\\d+\\.", "").replaceAll("\\$JShell\\$\\d+\\.", ""));
        }
        return out.toString();
    }

    static String location(int cell, int line) {
        return "Cell In[" + cell + "], line " + line;
    }

    /** The exception's class and message, then its cleaned frames, then its causes. */
    static List<String> runtimeError(JShellException exception, Map<String, Origin> origins) {
        List<String> out = new ArrayList<>();
        JShellException current = exception;
        boolean first = true;
        int depth = 0;
        while (current != null && depth++ < 10) {
            String head = (first ? "" : "Caused by: ") + header(current);
            out.add(head);
            int shown = 0;
            StackTraceElement[] frames = current.getStackTrace();
            int kept = 0;
            for (StackTraceElement frame : frames) {
                if (hidden(frame)) {
                    continue;
                }
                kept++;
                if (shown < MAX_FRAMES) {
                    out.add("\tat " + frame(frame, origins));
                    shown++;
                }
            }
            if (kept > shown) {
                out.add("\t... " + (kept - shown) + " more");
            }
            first = false;
            current = current.getCause() instanceof JShellException cause ? cause : null;
        }
        return out;
    }

    /** "java.lang.ArithmeticException: / by zero" for the user's exception. */
    static String header(JShellException exception) {
        String name = exception instanceof EvalException eval ? eval.getExceptionClassName() : exception.getClass().getName();
        String message = exception.getMessage();
        return message == null ? name : name + ": " + cleanNames(message);
    }

    /** Helpful NullPointerException messages name {@code REPL.$JShell$33.o}; the user wrote {@code o}. */
    static String cleanNames(String message) {
        return message.replaceAll("REPL\\.\\$JShell\\$\\d+[A-Za-z_$]*\\.", "").replaceAll("\\$JShell\\$\\d+\\.", "");
    }

    private static boolean hidden(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("jdk.jshell.") || c.startsWith("jdk.internal.reflect.")
            || c.startsWith("java.lang.reflect.Method") || c.startsWith("jcnn.eval.")
            || c.startsWith("REPL.$Cancel$");
    }

    private static String frame(StackTraceElement frame, Map<String, Origin> origins) {
        String file = frame.getFileName();
        if (file != null && file.startsWith("#")) {
            Origin origin = origins.get(file.substring(1));
            String where = origin == null
                ? "snippet " + file + ", line " + frame.getLineNumber()
                : location(origin.cell(), origin.firstLine() + frame.getLineNumber());
            String method = frame.getMethodName();
            String klass = frame.getClassName();
            String name = method.isEmpty() ? "" : (klass.isEmpty() ? "" : klass + ".") + method;
            return name.isEmpty() ? where : name + " (" + where + ")";
        }
        return frame.toString();
    }
}
