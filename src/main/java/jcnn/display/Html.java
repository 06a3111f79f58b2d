package jcnn.display;

/**
 * HTML to show as such ({@code text/html}); made by {@link Display#html(String)} or the
 * {@code %%html} cell magic. Its {@code text/plain} form is the text without tags.
 */
public record Html(String html) {
    public Html {
        if (html == null) {
            throw new IllegalArgumentException("Display.html: expected HTML text but got null");
        }
    }
}
