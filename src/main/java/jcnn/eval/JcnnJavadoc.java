package jcnn.eval;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Javadoc of jcnn's own classes for inspect (Shift+Tab). JShell only reads Javadoc from the
 * JDK's {@code src.zip}; jcnn's sources travel in the jar under {@code jcnn-sources/}, and this
 * finds the comment of the method, constructor, field or class that JShell's signature names.
 */
final class JcnnJavadoc {
    private static final String[] PACKAGES = {"tensor", "tensor/backend", "nn", "optim", "model", "data", "plot", "display", "eval", "notebook"};
    private static final Pattern MEMBER = Pattern.compile("(?:^|[\\s>])([A-Z]\\w*)\\.(\\w+)(?:\\((.*)\\))?$");
    private static final Pattern CONSTRUCTOR = Pattern.compile("^([A-Z]\\w*)\\((.*)\\)$");
    private static final Pattern TYPE = Pattern.compile("^jcnn\\.[\\w.]*?\\.?([A-Z]\\w*)$");
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    private static final Map<String, String> SOURCES = new ConcurrentHashMap<>();

    private JcnnJavadoc() {
    }

    /** The Javadoc text for a JShell documentation signature, or null when it is not jcnn's or has none. */
    static String find(String signature) {
        try {
            String s = signature.strip();
            Matcher type = TYPE.matcher(s);
            if (type.matches()) {
                return lookup(type.group(1), null, -1);
            }
            Matcher constructor = CONSTRUCTOR.matcher(s);
            if (constructor.matches()) {
                return lookup(constructor.group(1), "<init>", count(constructor.group(2)));
            }
            Matcher member = MEMBER.matcher(s);
            if (member.find()) {
                return lookup(member.group(1), member.group(2), member.group(3) == null ? -1 : count(member.group(3)));
            }
        } catch (RuntimeException | LinkageError e) {
            // documentation is a nicety: a source that does not parse just gives none
        }
        return null;
    }

    private static int count(String parameters) {
        if (parameters.isBlank()) {
            return 0;
        }
        int depth = 0;
        int n = 1;
        for (char c : parameters.toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                n++;
            }
        }
        return n;
    }

    /** {@code member} null: the class; {@code "<init>"}: a constructor; {@code parameters} -1: a field or any overload. */
    private static String lookup(String className, String member, int parameters) {
        String source = source(className);
        if (source == null || JAVAC == null) {
            return null;
        }
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) JAVAC.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
        CompilationUnitTree unit;
        try {
            unit = task.parse().iterator().next();
        } catch (IOException e) {
            return null;
        }
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        List<Tree> found = new ArrayList<>();
        new TreeScanner<Void, Void>() {
            private int depth;

            @Override
            public Void visitClass(ClassTree node, Void v) {
                depth++;
                if (member == null && depth == 1 && node.getSimpleName().contentEquals(className)) {
                    found.add(node);
                }
                try {
                    return depth == 1 ? super.visitClass(node, v) : null; // members of the top-level class only
                } finally {
                    depth--;
                }
            }

            @Override
            public Void visitMethod(MethodTree node, Void v) {
                if (member != null && node.getName().contentEquals(member)
                    && (parameters < 0 || node.getParameters().size() == parameters)) {
                    found.add(node);
                }
                return null;
            }

            @Override
            public Void visitVariable(VariableTree node, Void v) {
                if (member != null && parameters < 0 && node.getName().contentEquals(member)) {
                    found.add(node);
                }
                return null;
            }
        }.scan(unit, null);
        for (Tree tree : found) {
            String doc = commentBefore(source, (int) positions.getStartPosition(unit, tree));
            if (doc != null) {
                return doc;
            }
        }
        return null;
    }

    private static String source(String className) {
        return SOURCES.computeIfAbsent(className, name -> {
            for (String pkg : PACKAGES) {
                try (InputStream in = JcnnJavadoc.class.getResourceAsStream("/jcnn-sources/jcnn/" + pkg + "/" + name + ".java")) {
                    if (in != null) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                } catch (IOException e) {
                    return "";
                }
            }
            return "";
        }).transform(s -> s.isEmpty() ? null : s);
    }

    /** The /** ... *&#47; comment that ends right before {@code start} (annotations may sit between). */
    private static String commentBefore(String source, int start) {
        if (start <= 0) {
            return null;
        }
        String before = source.substring(0, start).stripTrailing();
        // skip annotations written above the declaration
        while (before.endsWith(")") || before.matches("(?s).*@\\w+$")) {
            int at = before.lastIndexOf('@');
            if (at < 0) {
                break;
            }
            before = before.substring(0, at).stripTrailing();
        }
        if (!before.endsWith("*/")) {
            return null;
        }
        int open = before.lastIndexOf("/**");
        if (open < 0) {
            return null;
        }
        return clean(before.substring(open + 3, before.length() - 2));
    }

    /** Javadoc markup to plain text: leading stars gone, {@code x} to x, tags dropped. */
    static String clean(String comment) {
        StringBuilder out = new StringBuilder();
        for (String line : comment.split("\n")) {
            out.append(line.replaceFirst("^\\s*\\*( ?)", "")).append('\n');
        }
        String text = out.toString()
            .replaceAll("\\{@(?:code|literal) ([^{}]*(?:\\{[^{}]*\\}[^{}]*)*)\\}", "$1")
            .replaceAll("\\{@(?:link|linkplain) (?:[\\w.]*#)?([^}\\s]+)(?: [^}]*)?\\}", "$1")
            .replaceAll("(?i)</?pre>", "")
            .replaceAll("(?i)<p>", "\n")
            .replaceAll("<[^>]+>", "")
            .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return text.replaceAll("\n{3,}", "\n\n").strip();
    }
}
