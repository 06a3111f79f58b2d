package jcnn.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/main.sh} (issue 14): after the main job a clone's {@code git status} is clean,
 * and its closing advice names a program that {@code scripts/setup.sh} installs. The real
 * main.sh runs in a git repository with fake tools: {@code mvn} makes a jar, {@code java}'s
 * {@code run} writes executed notebooks (into {@code --out DIR}, or over the files without it,
 * as the runner does).
 */
class MainScriptTest {
    @TempDir
    Path tmp;

    /** The command of main.sh's advice, and the Debian package that provides it. */
    private static final Map<String, String> PROVIDED_BY = Map.of(
            "jupyter notebook", "jupyter-notebook",
            "jupyter console", "jupyter-console",
            "jupyter nbconvert", "jupyter-nbconvert");

    private static void script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/usr/bin/env bash\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    @Test
    void mainJobLeavesGitStatusCleanAndAdvisesOnlyWhatSetupInstalls() throws Exception {
        Path project = tmp.resolve("project");
        Files.createDirectories(project.resolve("scripts"));
        Files.copy(Path.of("scripts/main.sh"), project.resolve("scripts/main.sh"));
        Files.copy(Path.of(".gitignore"), project.resolve(".gitignore"));
        script(project.resolve("scripts/setup.sh"), "exit 0\n");
        Files.createDirectories(project.resolve("notebooks"));
        for (String n : List.of("01-a.ipynb", "02-b.ipynb")) {
            Files.writeString(project.resolve("notebooks").resolve(n), "{\"executed\": false}\n");
        }
        script(tmp.resolve("bin/mvn"), "mkdir -p target && touch target/jcnn.jar\n");
        script(tmp.resolve("bin/java"), """
                args=("$@"); out=""
                for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[$i]}" = --out ] && out=${args[$((i + 1))]}; done
                case "$*" in
                  *" install "*) ;;
                  *" run "*)
                    for f in "$@"; do
                      case $f in
                        *.ipynb) target=$f; [ -n "$out" ] && { mkdir -p "$out"; target=$out/$(basename "$f"); }
                                 echo '{"executed": true}' > "$target"; echo "ok     $f" ;;
                      esac
                    done ;;
                  *) echo "fake java: unexpected $*" >&2; exit 3 ;;
                esac
                """);
        Map<String, String> env = Map.of("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"),
                "GIT_AUTHOR_NAME", "t", "GIT_AUTHOR_EMAIL", "t@example.org",
                "GIT_COMMITTER_NAME", "t", "GIT_COMMITTER_EMAIL", "t@example.org", "GIT_CONFIG_GLOBAL", "/dev/null");
        run(project, env, "git", "init", "-q");
        run(project, env, "git", "add", "-A");
        run(project, env, "git", "commit", "-q", "-m", "clone");

        String out = run(project, env, "bash", "scripts/main.sh");

        assertEquals("", run(project, env, "git", "status", "--porcelain"), "git status after main.sh:\n" + out);
        Matcher where = Pattern.compile("The executed notebooks, with their outputs, are in (\\S+):").matcher(out);
        assertTrue(where.find(), out);
        Path executed = Path.of(where.group(1));
        assertEquals("{\"executed\": true}\n", Files.readString(executed.resolve("01-a.ipynb")));

        List<String> lines = out.lines().toList();
        Matcher advice = Pattern.compile("Open them with: +(\\S+ \\S+) ").matcher(lines.get(lines.size() - 1));
        assertTrue(advice.find(), lines.get(lines.size() - 1));
        String command = advice.group(1);
        String packageName = PROVIDED_BY.get(command);
        assertTrue(packageName != null, "main.sh advises '" + command + "'; which Debian package provides it?");
        Matcher packages = Pattern.compile("(?s)packages=\\(([^)]*)\\)").matcher(Files.readString(Path.of("scripts/setup.sh")));
        assertTrue(packages.find(), "scripts/setup.sh lists its packages as packages=(...)");
        assertTrue(List.of(packages.group(1).trim().split("\\s+")).contains(packageName),
                "main.sh advises '" + command + "', but scripts/setup.sh does not install " + packageName);
    }
}
