package jcnn.display;

/**
 * Markdown to show rendered ({@code text/markdown}); made by {@link Display#markdown(String)}
 * or the {@code %%markdown} cell magic. Its {@code text/plain} form is the source.
 */
public record Markdown(String markdown) {
    public Markdown {
        if (markdown == null) {
            throw new IllegalArgumentException("Display.markdown: expected Markdown text but got null");
        }
    }
}
