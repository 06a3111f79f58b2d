package jcnn.nn;

/**
 * A bad layer argument or input, in jcnn's one error style: the layer's name and type, what is
 * wrong with the numbers received, and how to fix it, e.g.
 * {@code conv2 (Conv2d): stride must be >= 1 but got 0; stride 1 moves the kernel one pixel at a time}.
 *
 * <p>A layer made directly carries its default name ({@code conv}); the {@link jcnn.model.Cnn} builder
 * reports the name it gives the layer ({@code conv2}).
 */
public class LayerArgumentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String layer;
    private final String type;
    private final String problem;

    /**
     * @param layer   the layer's name, e.g. {@code conv2}
     * @param type    its class, e.g. {@code Conv2d}
     * @param problem what is wrong, expected and received, then the fix after "; "
     */
    public LayerArgumentException(String layer, String type, String problem) {
        super(layer + " (" + type + "): " + problem);
        this.layer = layer;
        this.type = type;
        this.problem = problem;
    }

    public String layer() {
        return layer;
    }

    public String type() {
        return type;
    }

    /** The message without the layer's label. */
    public String problem() {
        return problem;
    }

    /** The same problem for the layer called {@code name}. */
    public LayerArgumentException renamed(String name) {
        LayerArgumentException e = new LayerArgumentException(name, type, problem);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
