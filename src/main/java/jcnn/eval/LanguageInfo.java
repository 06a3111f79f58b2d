package jcnn.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code language_info} of jcnn's cells, the same in the kernel's kernel_info_reply and in
 * the metadata of the notebooks the runner writes, so that classic Notebook does not mark a
 * committed notebook "(unsaved changes)" on opening it: it replaces the notebook's
 * language_info with the kernel's and compares.
 *
 * <p>{@code version} is the Java feature release ("17", "25"), not the full version
 * ("17.0.15"): a JDK update must not change every notebook. {@code codemirror_mode} is the MIME
 * type CodeMirror 5 registers for Java ({@code clike} mode); it has no mode named "java".
 */
public final class LanguageInfo {
    private LanguageInfo() {
    }

    /** name, version, mimetype, file_extension, codemirror_mode, pygments_lexer, in this order. */
    public static Map<String, String> fields() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("name", "java");
        info.put("version", Integer.toString(Runtime.version().feature()));
        info.put("mimetype", "text/x-java");
        info.put("file_extension", ".jsh");
        info.put("codemirror_mode", "text/x-java");
        info.put("pygments_lexer", "java");
        return info;
    }
}
