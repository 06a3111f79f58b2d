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
