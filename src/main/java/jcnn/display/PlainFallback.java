package jcnn.display;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code display(x)} does in a plain JShell (no kernel attached): text is printed; a
 * picture ({@code image/png}) is opened in a window when a screen exists, otherwise saved as
 * a PNG file whose path is printed. The folder is {@code $JCNN_OUT}, or
 * {@code java.io.tmpdir/jcnn-display}.
 */
final class PlainFallback implements DisplaySink {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final Map<String, PictureWindow> windows = new ConcurrentHashMap<>();

    @Override
    public void display(MimeBundle bundle, String displayId, boolean update) {
        Object png = bundle.data().get("image/png");
        if (png == null) {
            System.out.println(bundle.plain());
            return;
        }
        byte[] bytes = Base64.getDecoder().decode(png.toString());
        if (hasScreen()) {
            String key = displayId == null ? "" + COUNTER.incrementAndGet() : displayId;
            windows.computeIfAbsent(key, k -> new PictureWindow(bundle.plain())).show(bytes);
            return;
        }
        // an update rewrites the same file, so a viewer that reloads shows the latest picture
        Path file = update && displayId != null && files.containsKey(displayId)
            ? files.get(displayId) : newFile();
        if (displayId != null) {
            files.put(displayId, file);
        }
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("display: cannot write " + file + " (set JCNN_OUT to a writable folder)", e);
        }
        System.out.println(bundle.plain() + " saved to " + file);
    }

    private static boolean hasScreen() {
        String display = System.getenv("DISPLAY");
        return !GraphicsEnvironment.isHeadless() && display != null && !display.isBlank();
    }

    private static Path newFile() {
        String configured = System.getenv("JCNN_OUT");
        Path dir = configured != null && !configured.isBlank()
            ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"), "jcnn-display");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("display: cannot create " + dir + " (set JCNN_OUT to a writable folder)", e);
        }
        return dir.resolve("display-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + ".png");
    }

    /** One window per display id; an update replaces its picture. */
    private static final class PictureWindow {
        private final String title;
        private javax.swing.JFrame frame;
        private javax.swing.JLabel label;

        PictureWindow(String title) {
            this.title = title;
        }

        void show(byte[] png) {
            javax.swing.SwingUtilities.invokeLater(() -> {
                javax.swing.ImageIcon icon = new javax.swing.ImageIcon(png);
                if (frame == null) {
                    frame = new javax.swing.JFrame(title);
                    label = new javax.swing.JLabel(icon);
                    frame.add(label);
                    frame.setDefaultCloseOperation(javax.swing.WindowConstants.DISPOSE_ON_CLOSE);
                } else {
                    label.setIcon(icon);
                }
                frame.pack();
                frame.setVisible(true);
            });
        }
    }
}
