package jcnn.display.renderers;

import jcnn.display.Html;
import jcnn.display.Markdown;
import jcnn.display.MimeBundle;
import jcnn.display.Renderer;

/** {@link Html} as {@code text/html} and {@link Markdown} as {@code text/markdown}, each with plain text. */
public final class HtmlMarkdownRenderer implements Renderer {
    @Override
    public MimeBundle render(Object value) {
        if (value instanceof Html h) {
            return new MimeBundle().put("text/html", h.html()).put("text/plain", plain(h.html()));
        }
        if (value instanceof Markdown m) {
            return new MimeBundle().put("text/markdown", m.markdown()).put("text/plain", m.markdown());
        }
        return null;
    }

    @Override
    public int priority() {
        return 100;
    }

    /** The text of an HTML fragment: tags dropped, common entities decoded, blank runs squeezed. */
    static String plain(String html) {
        String text = html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", "")
            .replaceAll("(?i)<br\\s*/?>|</(p|div|tr|li|h[1-6])>", "\n")
            .replaceAll("<[^>]*>", "")
            .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
            .replace("&nbsp;", " ").replace("&amp;", "&");
        return text.replaceAll("[ \\t]+", " ").replaceAll("\\n\\s*\\n+", "\n").strip();
    }
}
