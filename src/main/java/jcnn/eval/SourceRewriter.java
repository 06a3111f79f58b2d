package jcnn.eval;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Weaves stop checks into one JShell snippet's source so that an interrupt can stop it on any
 * JDK without {@code Thread.stop}: every loop body becomes {@code {jcnn.eval.Stop.check(); body}}
 * and {@code System.exit(n)} becomes {@code jcnn.eval.Stop.exit(n)}.
 *
 * <p>The snippet is parsed with javac's own parser (com.sun.source), so strings, comments, char
 * literals and text blocks can never be mistaken for code. Only text is inserted, never a line
 * break, so line numbers stay those of the cell; {@link Result#originalPosition} maps a column
 * of the rewritten source back for error messages. A snippet that does not parse is left as is:
 * JShell then reports its syntax error.
 *
 * <p>Example: {@code while (true) {}} becomes {@code while (true) {jcnn.eval.Stop.check();{}}}.
 * The loop condition is untouched, so javac's reachability rules (a {@code while (true)} without
 * {@code break} never completes) still hold.
 */
final class SourceRewriter {
    static final String CHECK = "{jcnn.eval.Stop.check();";
    static final String EXIT = "jcnn.eval.Stop.exit";
    private static final Pattern WORTH_PARSING = Pattern.compile("\\b(while|for|do|exit|halt)\\b");
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    private SourceRewriter() {
    }

    /** One text edit: replace {@code [start, end)} of the original by {@code text}. */
    record Edit(int start, int end, String text) {
    }

    /** The rewritten source and the edits that made it. */
    record Result(String source, List<Edit> edits) {
        /** Maps a position in {@link #source} back to the original snippet. */
        int originalPosition(int rewritten) {
            int delta = 0;
            for (Edit e : edits) {
                int newStart = e.start + delta;
                if (rewritten < newStart) {
                    break;
                }
                int newEnd = newStart + e.text.length();
                if (rewritten < newEnd) {
                    return e.start;
                }
                delta += e.text.length() - (e.end - e.start);
            }
            return rewritten - delta;
        }
    }

    /** Rewrites {@code snippet}; returns it unchanged when there is nothing to weave. */
    static Result rewrite(String snippet) {
        if (JAVAC == null || !WORTH_PARSING.matcher(snippet).find()) {
            return new Result(snippet, List.of());
        }
        // A snippet is a statement, an expression or a declaration: try it where each parses.
        String[][] wrappers = {
            {"class $W { void $m() throws Throwable {\n", "\n;}}"},
            {"class $W { Object $f = (Runnable) () -> \n", "\n;}"},
            {"class $W {\n", "\n}"},
        };
        for (String[] wrap : wrappers) {
            List<Edit> edits = editsFor(wrap[0], snippet, wrap[1]);
            if (edits != null) {
                return apply(snippet, edits);
            }
        }
        return new Result(snippet, List.of());
    }

    private static Result apply(String snippet, List<Edit> edits) {
        // at one position: a closing brace first, then an insertion, then a replacement
        edits.sort(Comparator.comparingInt(Edit::start)
            .thenComparingInt(e -> e.end > e.start ? 2 : e.text.equals("}") ? 0 : 1));
        StringBuilder out = new StringBuilder(snippet.length() + 32 * edits.size());
        int at = 0;
        for (Edit e : edits) {
            out.append(snippet, at, e.start).append(e.text);
            at = e.end;
        }
        out.append(snippet, at, snippet.length());
        return new Result(out.toString(), List.copyOf(edits));
    }

    /** The edits for {@code snippet} parsed inside the wrapper, or null when it does not parse. */
    private static List<Edit> editsFor(String prefix, String snippet, String suffix) {
        String code = prefix + snippet + suffix;
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///$W.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) JAVAC.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(file));
        CompilationUnitTree unit;
        try {
            Iterable<? extends CompilationUnitTree> units = task.parse();
            unit = units.iterator().next();
        } catch (Exception | LinkageError e) {
            return null;
        }
        if (diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)) {
            return null;
        }
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        int base = prefix.length();
        int limit = base + snippet.length();
        List<Edit> edits = new ArrayList<>();
        new TreeScanner<Void, Void>() {
            private void body(StatementTree body) {
                long start = positions.getStartPosition(unit, body);
                long end = positions.getEndPosition(unit, body);
                if (start >= base && end <= limit && start >= 0 && end >= start) {
                    edits.add(new Edit((int) start - base, (int) start - base, CHECK));
                    edits.add(new Edit((int) end - base, (int) end - base, "}"));
                }
            }

            @Override
            public Void visitWhileLoop(WhileLoopTree node, Void v) {
                body(node.getStatement());
                return super.visitWhileLoop(node, v);
            }

            @Override
            public Void visitDoWhileLoop(DoWhileLoopTree node, Void v) {
                body(node.getStatement());
                return super.visitDoWhileLoop(node, v);
            }

            @Override
            public Void visitForLoop(ForLoopTree node, Void v) {
                body(node.getStatement());
                return super.visitForLoop(node, v);
            }

            @Override
            public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void v) {
                body(node.getStatement());
                return super.visitEnhancedForLoop(node, v);
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void v) {
                ExpressionTree select = node.getMethodSelect();
                if (select instanceof MemberSelectTree member && isExit(member)) {
                    replace(select);
                }
                return super.visitMethodInvocation(node, v);
            }

            @Override
            public Void visitMemberReference(MemberReferenceTree node, Void v) {
                if (node.getName().contentEquals("exit") && isSystem(node.getQualifierExpression())) {
                    long start = positions.getStartPosition(unit, node);
                    long end = positions.getEndPosition(unit, node);
                    if (start >= base && end <= limit) {
                        edits.add(new Edit((int) start - base, (int) end - base, "jcnn.eval.Stop::exit"));
                    }
                    return null;
                }
                return super.visitMemberReference(node, v);
            }

            private void replace(Tree select) {
                long start = positions.getStartPosition(unit, select);
                long end = positions.getEndPosition(unit, select);
                if (start >= base && end <= limit) {
                    edits.add(new Edit((int) start - base, (int) end - base, EXIT));
                }
            }
        }.scan(unit, null);
        removeNestedReplacements(edits);
        return edits;
    }

    /** {@code System.exit} and {@code Runtime.getRuntime().exit|halt}, as written in source. */
    private static boolean isExit(MemberSelectTree member) {
        String name = member.getIdentifier().toString();
        String target = member.getExpression().toString();
        if (name.equals("exit")) {
            return isSystem(member.getExpression())
                || target.equals("Runtime.getRuntime()") || target.equals("java.lang.Runtime.getRuntime()");
        }
        return name.equals("halt") && (target.equals("Runtime.getRuntime()") || target.equals("java.lang.Runtime.getRuntime()"));
    }

    private static boolean isSystem(ExpressionTree expression) {
        String target = expression.toString();
        return target.equals("System") || target.equals("java.lang.System");
    }

    /** Replacements never overlap in practice; drop any that would, to keep the text valid. */
    private static void removeNestedReplacements(List<Edit> edits) {
        List<Edit> replacements = edits.stream().filter(e -> e.end > e.start).toList();
        for (Edit r : replacements) {
            edits.removeIf(e -> e != r && e.start > r.start && e.start < r.end);
        }
    }
}
