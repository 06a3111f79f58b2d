package jcnn.display.widgets;

import java.util.ArrayList;
import java.util.List;

/**
 * Widgets side by side ({@link HBox}), one under the other ({@link VBox}) or on tabs
 * ({@link Tab}).
 */
public abstract class Box extends Widget {
    protected Box(String modelName, String viewName, List<? extends Widget> children) {
        super(modelName, viewName);
        put("box_style", "");
        for (Widget w : children) {
            if (w == null) {
                throw new IllegalArgumentException(viewName.replace("View", "") + ": a child is null; pass widgets only");
            }
        }
        put("children", List.copyOf(children));
    }

    /** The widgets inside, in order. */
    @SuppressWarnings("unchecked")
    public List<Widget> children() {
        Object c = get("children");
        return c instanceof List<?> list ? (List<Widget>) list : List.of();
    }

    /** Replaces the widgets inside. */
    public Box children(List<? extends Widget> children) {
        set("children", new ArrayList<Widget>(children));
        return this;
    }

    @Override
    protected List<String> shownAttributes() {
        return List.of("children");
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(kind()).append('(');
        String sep = "";
        for (Widget w : children()) {
            b.append(sep).append(w);
            sep = ", ";
        }
        return b.append(')').toString();
    }
}
