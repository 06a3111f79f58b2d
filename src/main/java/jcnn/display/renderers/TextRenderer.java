package jcnn.display.renderers;

import java.lang.reflect.Array;
import jcnn.display.MimeBundle;
import jcnn.display.Renderer;

/**
 * The last resort: {@code text/plain} as JShell writes values: strings and chars quoted with
 * escapes ({@code "a\tb"}, {@code 'x'}), arrays as {@code int[3] { 1, 2, 3 }}, null as
 * {@code null}, anything else by {@code toString()}.
 */
public final class TextRenderer implements Renderer {
    @Override
    public MimeBundle render(Object value) {
        return MimeBundle.text(text(value));
    }

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    /** JShell's text for {@code value}. */
    public static String text(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return quote(s, '"');
        }
        if (value instanceof Character c) {
            return quote(String.valueOf(c), '\'');
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            StringBuilder b = new StringBuilder();
            b.append(value.getClass().getComponentType().getSimpleName()).append('[').append(n).append("] {");
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? " " : ", ").append(text(Array.get(value, i)));
            }
            return b.append(n == 0 ? "}" : " }").toString();
        }
        return String.valueOf(value);
    }

    private static String quote(String s, char quote) {
        StringBuilder b = new StringBuilder().append(quote);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c == quote) {
                        b.append('\\').append(c);
                    } else if (c < 0x20) {
                        b.append(String.format("\\%03o", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append(quote).toString();
    }
}
