package jcnn.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The imports every cell starts with. They are the lines of {@code jcnn.jsh} (the JShell
 * startup script of {@code jshell --startup DEFAULT --startup jcnn.jsh}), so a notebook and a
 * plain JShell see the same names.
 */
final class DefaultImports {
    private DefaultImports() {
    }

    /** The import lines of {@code /jcnn.jsh}. */
    static List<String> lines() {
        InputStream in = DefaultImports.class.getResourceAsStream("/jcnn.jsh");
        if (in == null) {
            throw new IllegalStateException("jcnn.jsh is missing from the class path; rebuild target/jcnn.jar");
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("import ")) {
                    lines.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
