package jcnn.display;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * The display API for cells, the kernel and JShell alike.
 *
 * <p>{@code display(x)} renders {@code x} through the renderer registry (found with
 * {@link ServiceLoader}, highest priority first) and sends it to the current
 * {@link DisplaySink}: the kernel or the notebook runner while a cell runs. Without a sink (a
 * plain JShell), text is printed and pictures go to the {@link #setFallback fallback}.
 */
public final class Display {
    private static volatile DisplaySink sink;
    private static volatile DisplaySink fallback = new PlainFallback();
    private static volatile List<Renderer> renderers;

    private Display() {
    }

    /** Installs the sink that receives displays (null removes it). Returns the previous one. */
    public static DisplaySink setSink(DisplaySink newSink) {
        DisplaySink old = sink;
        sink = newSink;
        return old;
    }

    /** The current sink, or null in a plain JShell. */
    public static DisplaySink sink() {
        return sink;
    }

    /** True while a client that shows rich output (kernel, notebook runner) is attached. */
    public static boolean isRich() {
        return sink != null;
    }

    /** Sets what happens to displays when no sink is installed (plain JShell). */
    public static void setFallback(DisplaySink newFallback) {
        fallback = newFallback;
    }

    /** HTML to show as such: {@code display(html("<b>bold</b>"))}, or as a cell's last value. */
    public static Html html(String html) {
        return new Html(html);
    }

    /** Markdown to show rendered: {@code markdown("**CONV** layer")}. */
    public static Markdown markdown(String markdown) {
        return new Markdown(markdown);
    }

    /** Renders {@code value} and shows it; returns a handle for updating it in place. */
    public static DisplayHandle display(Object value) {
        String id = UUID.randomUUID().toString();
        show(render(value), id, false);
        return new DisplayHandle(id);
    }

    /** Shows a ready bundle under {@code displayId}. */
    public static void show(MimeBundle bundle, String displayId, boolean update) {
        DisplaySink s = sink;
        (s != null ? s : fallback).display(bundle, displayId, update);
    }

    /**
     * Clears the output of the running cell (Jupyter's {@code clear_output}); with
     * {@code wait}, only when the next output arrives, so a redrawn picture does not flicker.
     * Nothing happens in a plain JShell.
     */
    public static void clearOutput(boolean wait) {
        DisplaySink s = sink;
        (s != null ? s : fallback).clear(wait);
    }

    /** Clears the output of the running cell now: {@code clearOutput(false)}. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Renders {@code value} with the first renderer that accepts it; never null. */
    public static MimeBundle render(Object value) {
        if (value instanceof MimeBundle bundle) {
            return bundle;
        }
        for (Renderer r : renderers()) {
            MimeBundle bundle;
            try {
                bundle = r.render(value);
            } catch (LinkageError e) {
                // a renderer whose library is missing (say XChart in a slim class path) is skipped
                continue;
            }
            if (bundle != null) {
                return bundle;
            }
        }
        return MimeBundle.text(String.valueOf(value));
    }

    /** The registered renderers, highest priority first. */
    public static List<Renderer> renderers() {
        List<Renderer> list = renderers;
        if (list == null) {
            synchronized (Display.class) {
                list = renderers;
                if (list == null) {
                    list = new ArrayList<>();
                    for (Renderer r : ServiceLoader.load(Renderer.class, Display.class.getClassLoader())) {
                        list.add(r);
                    }
                    list.sort(Comparator.comparingInt(Renderer::priority).reversed());
                    renderers = List.copyOf(list);
                    list = renderers;
                }
            }
        }
        return list;
    }

    /** Adds a renderer at run time (for example from a cell); it is asked by its priority. */
    public static synchronized void register(Renderer renderer) {
        List<Renderer> list = new ArrayList<>(renderers());
        list.add(renderer);
        list.sort(Comparator.comparingInt(Renderer::priority).reversed());
        renderers = List.copyOf(list);
    }
}
