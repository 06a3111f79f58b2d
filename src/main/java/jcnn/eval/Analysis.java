package jcnn.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jcnn.display.MimeBundle;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;

/**
 * The editor's questions (complete, inspect, is_complete) answered with JShell's
 * {@link SourceCodeAnalysis}, on the snippet of a multi-snippet cell that holds the cursor and
 * with magics taken into account.
 */
final class Analysis {
    private Analysis() {
    }

    /** The snippet around the cursor: its text (magic names blanked out) and where it starts. */
    private record Piece(String text, int start) {
    }

    private static Piece pieceAt(SourceCodeAnalysis sca, String code, int cursor) {
        String masked = Magics.maskForAnalysis(code);
        int start = 0;
        String rest = masked;
        while (true) {
            int lead = 0;
            while (lead < rest.length() && Character.isWhitespace(rest.charAt(lead))) {
                lead++;
            }
            if (start + lead >= cursor || lead == rest.length()) {
                break;
            }
            CompletionInfo info = sca.analyzeCompletion(rest);
            if (!info.completeness().isComplete() || info.remaining().isEmpty()) {
                break;
            }
            int consumed = rest.length() - info.remaining().length();
            if (start + consumed >= cursor) {
                break;
            }
            start += consumed;
            rest = info.remaining();
        }
        return new Piece(masked.substring(start), start);
    }

    static Evaluator.Completion complete(JShellEvaluator evaluator, String code, int cursor) {
        int clamped = Math.max(0, Math.min(cursor, code.length()));
        Evaluator.Completion magic = Magics.completeMagic(code, clamped);
        if (magic != null) {
            return magic;
        }
        Evaluator.Completion none = new Evaluator.Completion(List.of(), clamped, clamped, Map.of());
        return evaluator.withShell(sca -> {
            try {
                Piece piece = pieceAt(sca, code, clamped);
                int[] anchor = new int[1];
                List<Suggestion> suggestions = sca.completionSuggestions(piece.text(), clamped - piece.start(), anchor);
                // the ones whose type fits the context first, each name once
                Set<String> matches = new LinkedHashSet<>();
                for (Suggestion s : suggestions) {
                    if (s.matchesType()) {
                        matches.add(s.continuation());
                    }
                }
                for (Suggestion s : suggestions) {
                    matches.add(s.continuation());
                }
                return new Evaluator.Completion(new ArrayList<>(matches), piece.start() + anchor[0], clamped, Map.of());
            } catch (RuntimeException e) {
                return none;
            }
        }, none);
    }

    static Evaluator.Inspection inspect(JShellEvaluator evaluator, String code, int cursor, int detailLevel) {
        Evaluator.Inspection none = new Evaluator.Inspection(false, MimeBundle.text(""));
        int clamped = Math.max(0, Math.min(cursor, code.length()));
        return evaluator.withShell(sca -> {
            try {
                Piece piece = pieceAt(sca, code, clamped);
                List<Documentation> docs = documentation(sca, piece.text(), clamped - piece.start());
                if (docs.isEmpty()) {
                    return none;
                }
                StringBuilder plain = new StringBuilder();
                StringBuilder markdown = new StringBuilder();
                for (Documentation d : docs) {
                    if (plain.length() > 0) {
                        plain.append("\n\n");
                        markdown.append("\n\n");
                    }
                    plain.append(d.signature());
                    markdown.append("```java\n").append(d.signature()).append("\n```\n");
                    String javadoc = d.javadoc();
                    if (javadoc == null || javadoc.isBlank()) {
                        javadoc = JcnnJavadoc.find(d.signature());
                    }
                    if (javadoc != null && !javadoc.isBlank()) {
                        plain.append('\n').append(javadoc.strip());
                        markdown.append('\n').append(javadoc.strip()).append('\n');
                    }
                }
                MimeBundle bundle = MimeBundle.text(plain.toString()).put("text/markdown", markdown.toString());
                return new Evaluator.Inspection(true, bundle);
            } catch (RuntimeException e) {
                return none;
            }
        }, none);
    }

    /**
     * JShell documents the call whose parentheses hold the cursor; for a cursor on or just after
     * a name it finds nothing, so try again as if the call's "(" were typed after the name.
     */
    private static List<Documentation> documentation(SourceCodeAnalysis sca, String text, int cursor) {
        List<Documentation> docs = sca.documentation(text, cursor, true);
        if (!docs.isEmpty()) {
            return docs;
        }
        int end = cursor;
        while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
            end++;
        }
        int begin = end;
        while (begin > 0 && Character.isJavaIdentifierPart(text.charAt(begin - 1))) {
            begin--;
        }
        if (begin == end) {
            return docs;
        }
        if (end < text.length() && text.charAt(end) == '(') {
            docs = sca.documentation(text, end + 1, true);
        } else {
            String withParen = text.substring(0, end) + "(";
            docs = sca.documentation(withParen, end + 1, true);
        }
        if (docs.isEmpty()) {
            // a type or variable name: ask about the name alone
            docs = sca.documentation(text.substring(0, end), end, true);
        }
        return docs;
    }

    static Evaluator.IsComplete isComplete(JShellEvaluator evaluator, String code) {
        if (Magics.isCellMagic(code)) {
            return new Evaluator.IsComplete("complete", "");
        }
        String masked = Magics.maskForAnalysis(code);
        return evaluator.withShell(sca -> {
            String rest = masked;
            while (!rest.isBlank()) {
                CompletionInfo info = sca.analyzeCompletion(rest);
                Completeness c = info.completeness();
                if (c == Completeness.EMPTY) {
                    break;
                }
                if (c == Completeness.UNKNOWN) {
                    return new Evaluator.IsComplete("invalid", "");
                }
                if (!c.isComplete()) {
                    return new Evaluator.IsComplete("incomplete", indent(code));
                }
                rest = info.remaining();
            }
            return new Evaluator.IsComplete("complete", "");
        }, new Evaluator.IsComplete("unknown", ""));
    }

    /** Four spaces per unclosed bracket (strings, chars and comments skipped). */
    static String indent(String code) {
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipLiteral(code, i, c);
            } else if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '/') {
                int nl = code.indexOf('\n', i);
                i = nl < 0 ? code.length() : nl;
            } else if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '*') {
                int close = code.indexOf("*/", i + 2);
                i = close < 0 ? code.length() : close + 1;
            } else if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ')' || c == ']') && depth > 0) {
                depth--;
            }
        }
        return "    ".repeat(Math.max(depth, 0));
    }

    private static int skipLiteral(String code, int start, char quote) {
        if (quote == '"' && code.startsWith("\"\"\"", start)) {
            int close = code.indexOf("\"\"\"", start + 3);
            return close < 0 ? code.length() : close + 2;
        }
        for (int i = start + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote || c == '\n') {
                return i;
            }
        }
        return code.length();
    }

}
