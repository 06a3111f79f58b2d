package jcnn.display.widgets;

import java.util.List;

/** A drop-down list: {@code new Dropdown("conv1", "conv2").description("layer")}. */
public final class Dropdown extends Selection<Dropdown> {
    public Dropdown(String... options) {
        this(List.of(options));
    }

    public Dropdown(List<String> options) {
        super("DropdownModel", "DropdownView", "DescriptionStyleModel", options);
    }
}
