package jcnn.plot;

import java.util.List;
import java.util.function.Supplier;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A chart plot whose panels come from a recipe: what {@link Plots#params()},
 * {@link Plots#confusionMatrix(int[][], String[])} and {@link Plots#learningRate} return. The
 * recipe is run again whenever an option changes, so {@code .title()}, {@code .size()} and
 * {@code .logY()} always apply.
 */
public final class Figure extends ChartPlot<Figure> {

    /** Builds the panels of a figure for its current options. */
    @FunctionalInterface
    public interface Recipe {
        List<Chart<?, ?>> build(Figure figure, int panelWidth, int panelHeight);
    }

    private final Recipe recipe;
    private final Supplier<String> description;
    private final int panels;
    private final int columns;

    Figure(String title, int width, int height, int panels, int columns, Recipe recipe, Supplier<String> description) {
        super(title, width, height);
        this.recipe = recipe;
        this.description = description;
        this.panels = panels;
        this.columns = columns;
    }

    @Override
    protected List<Chart<?, ?>> build(int panelWidth, int panelHeight) {
        return recipe.build(this, panelWidth, panelHeight);
    }

    @Override
    protected int panels() {
        return panels;
    }

    @Override
    protected int columns() {
        return columns;
    }

    @Override
    public String describe() {
        return description.get();
    }
}
