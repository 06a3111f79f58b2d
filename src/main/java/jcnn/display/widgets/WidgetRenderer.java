package jcnn.display.widgets;

import java.util.LinkedHashMap;
import java.util.Map;
import jcnn.display.MimeBundle;
import jcnn.display.Renderer;

/**
 * Shows a {@link Widget}: opens its comm and returns the widget-view MIME (the frontend draws
 * the live widget) with a text/plain fallback that says what it is, for nbconvert and GitHub.
 */
public final class WidgetRenderer implements Renderer {
    @Override
    public MimeBundle render(Object value) {
        if (!(value instanceof Widget w)) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("version_major", 2);
        view.put("version_minor", 0);
        view.put("model_id", w.modelId());
        return MimeBundle.text(w.toString()).put(Widgets.VIEW_MIME, view);
    }

    @Override
    public int priority() {
        return 1000;
    }
}
