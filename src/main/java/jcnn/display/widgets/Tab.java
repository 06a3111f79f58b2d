package jcnn.display.widgets;

import java.util.List;

/** Widgets on tabs: {@code new Tab(a, b).titles("conv1", "conv2")}. */
public final class Tab extends Box {
    public Tab(Widget... children) {
        super("TabModel", "TabView", List.of(children));
        put("titles", List.of());
        put("selected_index", children.length == 0 ? null : 0);
    }

    /** The tabs' titles, in the order of the children. */
    public Tab titles(String... titles) {
        set("titles", List.of(titles));
        return this;
    }

    /** The open tab (0-based), -1 for none. */
    public int selectedIndex() {
        return json("selected_index").isJsonNull() ? -1 : intValue("selected_index");
    }

    public Tab selectedIndex(int index) {
        if (index < -1 || index >= children().size()) {
            throw new IllegalArgumentException("Tab: expected an index from 0 to " + (children().size() - 1)
                    + " (or -1 for none) but got " + index);
        }
        set("selected_index", index < 0 ? null : index);
        return this;
    }

    @Override
    public String valueKey() {
        return "selected_index";
    }
}
