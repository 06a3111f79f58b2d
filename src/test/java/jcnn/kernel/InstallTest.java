package jcnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallTest {
    @TempDir
    Path temp;

    @Test
    void installWritesKernelJsonFromTheTemplateAndCopiesTheJar() throws Exception {
        Path jar = Files.writeString(temp.resolve("built.jar"), "not really a jar");
        KernelSpecs.Options options = KernelSpecs.parse("install",
                new String[] {"--prefix", temp.resolve("env").toString(), "--jvm-arg", "-Xmx2g", "--jvm-arg=-Dx=1"}, true);
        Path dir = Install.install(options, jar);

        assertEquals(temp.resolve("env/share/jupyter/kernels/jcnn").toAbsolutePath(), dir);
        assertEquals("not really a jar", Files.readString(dir.resolve("jcnn.jar")));
        JsonObject spec = JsonParser.parseString(Files.readString(dir.resolve("kernel.json"))).getAsJsonObject();
        JsonObject template = JsonParser.parseString(Files.readString(Path.of("kernel.json"))).getAsJsonObject();
        List<String> argv = spec.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList();
        List<String> expected = new java.util.ArrayList<>(
                template.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList());
        expected.addAll(1, List.of("-Xmx2g", "-Dx=1"));
        assertEquals(expected, argv);
        assertTrue(argv.contains("{resource_dir}/jcnn.jar"));
        assertEquals("{connection_file}", argv.get(argv.size() - 1));
        assertEquals("message", spec.get("interrupt_mode").getAsString());
        assertEquals("java", spec.get("language").getAsString());

        assertTrue(Uninstall.uninstall(dir));
        assertFalse(Files.exists(dir));
        assertFalse(Uninstall.uninstall(dir));
    }

    @Test
    void optionsNameTheLocationAndRejectMistakes() {
        KernelSpecs.Options named = KernelSpecs.parse("install", new String[] {"--prefix=/opt/j", "--name", "jcnn-25"}, true);
        assertEquals(Path.of("/opt/j/share/jupyter/kernels/jcnn-25"), named.kernelDir());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> KernelSpecs.parse("install", new String[] {"--name", "my kernel"}, true)).getMessage().contains("may only contain"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> KernelSpecs.parse("install", new String[] {"--prefx", "/x"}, true)).getMessage().contains("unknown option '--prefx'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> KernelSpecs.parse("install", new String[] {"--prefix"}, true)).getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> KernelSpecs.parse("uninstall", new String[] {"--jvm-arg", "-Xmx1g"}, false)).getMessage().contains("install option"));
    }
}
