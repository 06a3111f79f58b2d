package jcnn.display.widgets;

import java.util.ArrayList;
import java.util.List;

/**
 * A choice of one option among labels (Dropdown, ToggleButtons). The frontend syncs the
 * selected {@code index}; {@link #value()} is its label.
 */
public abstract class Selection<T extends Selection<T>> extends Control<T> {
    private final List<String> options;

    protected Selection(String modelName, String viewName, String styleModel, List<String> options) {
        super(modelName, viewName, styleModel);
        if (options == null || options.isEmpty()) {
            throw new IllegalArgumentException(kindName(modelName) + ": expected at least one option but got none;"
                    + " pass the labels, e.g. new " + kindName(modelName) + "(\"conv1\", \"conv2\")");
        }
        this.options = List.copyOf(new ArrayList<>(options));
        put("_options_labels", this.options);
        put("index", 0);
    }

    private static String kindName(String model) {
        return model.replace("Model", "");
    }

    @Override
    public String valueKey() {
        return "index";
    }

    /** The options, in order. */
    public List<String> options() {
        return options;
    }

    /** The selected position (0-based). */
    public int index() {
        return intValue("index");
    }

    /** Selects the option at {@code index}. */
    public T index(int index) {
        if (index < 0 || index >= options.size()) {
            throw new IllegalArgumentException(kind() + ": expected an index from 0 to " + (options.size() - 1)
                    + " but got " + index);
        }
        set("index", index);
        return self();
    }

    /** The selected label. */
    public String value() {
        int i = index();
        return i >= 0 && i < options.size() ? options.get(i) : null;
    }

    /** Selects the option labelled {@code label}. */
    public T value(String label) {
        int i = options.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException(kind() + ": expected one of " + options + " but got '" + label + "'");
        }
        return index(i);
    }

    @Override
    protected List<String> shownAttributes() {
        return List.of("index", "_options_labels", "description");
    }

    @Override
    public String toString() {
        return kind() + "(value='" + value() + "', options=" + options
                + (description() == null || description().isEmpty() ? "" : ", description='" + description() + "'") + ")";
    }
}
