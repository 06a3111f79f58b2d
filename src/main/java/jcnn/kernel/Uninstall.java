package jcnn.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code java -jar jcnn.jar uninstall [--user | --sys-prefix | --prefix P] [--name N]}: removes
 * the kernelspec directory that {@code install} wrote with the same options.
 */
public final class Uninstall {
    private Uninstall() {
    }

    public static void main(String[] args) throws IOException {
        KernelSpecs.Options options;
        try {
            options = KernelSpecs.parse("uninstall", args, false);
        } catch (IllegalArgumentException e) {
            System.err.println("jcnn " + e.getMessage());
            System.exit(2);
            return;
        } catch (IllegalStateException e) {
            System.err.println("jcnn uninstall: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path dir = options.kernelDir();
        if (!uninstall(dir)) {
            System.err.println("jcnn uninstall: no kernelspec '" + options.name() + "' in " + options.kernelsDir()
                    + "; 'jupyter kernelspec list' shows where kernels are installed");
            System.exit(1);
            return;
        }
        System.out.println("Removed kernelspec '" + options.name() + "' from " + dir);
    }

    /** Deletes {@code dir} and everything in it; false when it did not exist. */
    static boolean uninstall(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.delete(p);
        }
        return true;
    }
}
