package jcnn.display.widgets;

import java.util.List;

/**
 * A link kept by the browser between two widget attributes ({@code LinkModel}): it works while
 * the kernel is busy and in saved notebooks. Made by {@link Widgets#jslink}.
 */
public final class JsLink extends Widget {
    JsLink(Widget source, String sourceAttribute, Widget target, String targetAttribute) {
        super(CONTROLS, VERSION, "LinkModel", CONTROLS, VERSION, null);
        put("source", List.of(source, sourceAttribute));
        put("target", List.of(target, targetAttribute));
    }

    @Override
    protected List<String> shownAttributes() {
        return List.of("source", "target");
    }
}
