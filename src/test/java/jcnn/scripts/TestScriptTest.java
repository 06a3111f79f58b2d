package jcnn.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logic of {@code scripts/test.sh}, cheaply: the real script runs in a copy of the project
 * whose tools are fakes (issue 14). A folder of fake JDKs stands in for /usr/lib/jvm (17 and 25,
 * an 11, a runtime without javac, a folder that is no JDK, a symlink); {@code mvn} on the PATH,
 * the JDKs' {@code java}, and the scripts test.sh calls print what the real ones print (Surefire
 * summaries, unittest's "Ran N tests", the runner's "ok"/"FAILED" lines) and log which JDK they
 * ran on. Switches in the environment make one step fail.
 */
class TestScriptTest {
    @TempDir
    Path tmp;
    Path project;
    Path jvms;
    Path calls;

    private static void script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/usr/bin/env bash\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A fake JDK: {@code java -version} says {@code version}; {@code java -jar ... run} acts like the runner. */
    private void jdk(String name, String version, boolean javac, boolean jshell) throws IOException {
        Path home = jvms.resolve(name);
        script(home.resolve("bin/java"), """
                case "$*" in
                  -version) echo 'openjdk version "%s" 2025-01-01' >&2 ;;
                  --list-modules) echo java.base@%s; %s ;;
                  *" run "*)
                    echo "runner $JAVA_HOME epochs=$JCNN_EPOCHS" >> "%s"
                    for f in "$@"; do
                      case $f in
                        *.ipynb) if [ -n "${FAKE_RUNNER_FAIL:-}" ]; then echo "FAILED $f   1 cells   0.1 s";
                                   echo "jcnn run: stopped at $f" >&2; exit 1; fi
                                 echo "ok     $f   1 cells   0.1 s" ;;
                      esac
                    done ;;
                  *) echo "fake java: unexpected $*" >&2; exit 3 ;;
                esac
                """.formatted(version, version, jshell ? "echo jdk.jshell@" + version : "true", calls));
        if (javac) {
            script(home.resolve("bin/javac"), "exit 0\n");
        }
    }

    @BeforeEach
    void fakeProject() throws IOException {
        project = tmp.resolve("project");
        jvms = tmp.resolve("jvm");
        calls = tmp.resolve("calls.log");
        Files.createDirectories(jvms);
        Files.createDirectories(project.resolve("scripts"));
        Files.copy(Path.of("scripts/test.sh"), project.resolve("scripts/test.sh").toAbsolutePath(),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        script(project.resolve("scripts/setup.sh"), "echo setup >> '" + calls + "'\n");
        script(project.resolve("scripts/kernel-tests.sh"), """
                echo "kernel $JAVA_HOME" >> '%s'
                echo "test_hello ... ok"
                echo "Ran 12 tests in 3.2s"
                echo
                echo "OK (skipped=1)"
                """.formatted(calls));
        script(project.resolve("scripts/widget-tests.sh"), """
                echo "widgets $JAVA_HOME" >> '%s'
                echo "Ran 5 tests in 4.0s"
                echo
                echo "OK"
                """.formatted(calls));
        script(project.resolve("scripts/browser-tests.sh"), """
                echo "browser $JAVA_HOME" >> '%s'
                echo "Ran 3 tests in 20.0s"
                echo
                echo "OK"
                """.formatted(calls));
        Files.writeString(project.resolve("scripts/reliability.py"), """
                import os
                with open('%s', 'a') as f:
                    f.write('reliability ' + os.environ['JAVA_HOME'] + '\\n')
                for run in ['lifecycle', 'interrupts', 'flood', 'fuzz', 'soak']:
                    print('== %%s done in 1 s' %% run)
                print('== 0 failure(s)')
                """.formatted(calls));
        script(project.resolve("scripts/nbconvert-check.sh"), """
                echo "nbconvert $JAVA_HOME epochs=$JCNN_EPOCHS" >> '%s'
                mkdir -p "$1"; touch "$1/01-a.ipynb" "$1/02-b.ipynb"
                """.formatted(calls));
        Files.createDirectories(project.resolve("notebooks"));
        Files.writeString(project.resolve("notebooks/01-a.ipynb"), "{}");
        Files.writeString(project.resolve("notebooks/02-b.ipynb"), "{}");
        Files.writeString(project.resolve("notebooks/08-c.ipynb"), "{}");
        script(tmp.resolve("bin/mvn"), """
                case "$*" in
                  *"clean verify"*)
                    echo "verify $JAVA_HOME" >> '%s'
                    rm -rf target; mkdir -p target
                    [ -n "${FAKE_NO_JAR:-}" ] || touch target/jcnn.jar
                    if [[ "$JAVA_HOME" == *"${FAKE_MVN_FAIL_ON:-none}"* ]]; then
                      echo "[ERROR] Tests run: 10, Failures: 2, Errors: 1, Skipped: 0"; echo "[INFO] BUILD FAILURE"; exit 1
                    fi
                    echo "[WARNING] Tests run: 10, Failures: 0, Errors: 0, Skipped: 1"
                    echo "[INFO] Tests run: 4, Failures: 0, Errors: 0, Skipped: 0" ;;
                  *LectureNumbersTest*)
                    echo "numbers $JAVA_HOME" >> '%s'
                    echo "[INFO] Tests run: 3, Failures: 0, Errors: 0, Skipped: 0" ;;
                  *) echo "fake mvn: unexpected $*" >&2; exit 3 ;;
                esac
                """.formatted(calls, calls));
        jdk("jdk-25", "25.0.1", true, true);
        jdk("java-17-openjdk", "17.0.2", true, true);
        jdk("java-11-openjdk", "11.0.20", true, true);
        jdk("jre-21", "21.0.1", false, true);
        jdk("jdk-21-no-jshell", "21.0.1", true, false);
        Files.createDirectories(jvms.resolve("openjdk-17")); // Debian's folder of sources, no bin/java
        Files.createSymbolicLink(jvms.resolve("default-java"), jvms.resolve("java-17-openjdk"));
    }

    record Run(int status, List<String> lines, List<String> calls) {
        String last() {
            return lines.get(lines.size() - 1);
        }

        String text() {
            return String.join("\n", lines);
        }
    }

    private Run run(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", project.resolve("scripts/test.sh").toString())
                .redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("JCNN_TEST_JDKS");
        pb.environment().put("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("JCNN_JVM_DIR", jvms.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        List<String> calls = Files.exists(this.calls) ? Files.readAllLines(this.calls) : List.of();
        return new Run(p.exitValue(), out.lines().toList(), calls);
    }

    private String home(String name) throws IOException {
        return jvms.resolve(name).toRealPath().toString();
    }

    @Test
    void checksEveryJdkFirstThenTestsEachJdkFrom17UpOldestFirstAndCountsEverything() throws Exception {
        Run r = run(Map.of());
        assertEquals(0, r.status(), r::text);
        String text = r.text();
        int table = text.indexOf("JDKs (from");
        assertTrue(table >= 0 && table < text.indexOf(": mvn clean verify"), "the JDKs are checked before any test runs\n" + text);
        assertTrue(text.contains("  test     Java 17: " + home("java-17-openjdk")), text);
        assertTrue(text.contains("  test     Java 25: " + home("jdk-25")), text);
        assertTrue(text.contains("skipped  " + jvms.resolve("java-11-openjdk") + ": Java 11, but jcnn needs 17 or newer"), text);
        assertTrue(text.contains("skipped  " + jvms.resolve("jre-21") + ": Java 21 without bin/javac"), text);
        assertTrue(text.contains("skipped  " + jvms.resolve("jdk-21-no-jshell") + ": Java 21 without the jdk.jshell module"), text);
        assertTrue(text.contains("skipped  " + jvms.resolve("openjdk-17") + ": no bin/java (not a JDK)"), text);
        // the link is named as the link (Debian's default-java sorts before the folder it points to)
        assertTrue(text.contains("same     " + jvms.resolve("default-java") + " -> " + home("java-17-openjdk") + " (a link)"), text);
        assertFalse(text.contains("same     " + jvms.resolve("java-17-openjdk")), text);
        assertFalse(text.contains("no JDK 25 here"), text);
        // every step ran on 17 (notebook 08's 5 epochs there) and then on 25, and on nothing else
        assertEquals(List.of("setup",
                "verify " + home("java-17-openjdk"), "kernel " + home("java-17-openjdk"),
                "widgets " + home("java-17-openjdk"), "browser " + home("java-17-openjdk"),
                "reliability " + home("java-17-openjdk"),
                "runner " + home("java-17-openjdk") + " epochs=5", "runner " + home("java-17-openjdk") + " epochs=1",
                "numbers " + home("java-17-openjdk"),
                "nbconvert " + home("java-17-openjdk") + " epochs=1", "numbers " + home("java-17-openjdk"),
                "verify " + home("jdk-25"), "kernel " + home("jdk-25"), "widgets " + home("jdk-25"), "browser " + home("jdk-25"),
                "runner " + home("jdk-25") + " epochs=1", "numbers " + home("jdk-25")), r.calls());
        // per JDK: verify 9 + 4, kernel 11, widgets 5, browser 3, reliability 5 (first JDK only), runner 3
        // (08 for 5 epochs on the first JDK, the others for 1), numbers 3, nbconvert 2 and numbers 3 (first
        // JDK only) = 48 + 38 passed; 2 + 2 skipped
        assertEquals("tests: 86 passed, 0 failed, 4 skipped", r.last());
    }

    @Test
    void aFailingStepIsCountedTheOtherStepsStillRunAndTheExitStatusIsNonZero() throws Exception {
        Run r = run(Map.of("FAKE_MVN_FAIL_ON", "jdk-25"));
        assertEquals(1, r.status(), r::text);
        assertTrue(r.calls().contains("runner " + home("jdk-25") + " epochs=1"), "the run goes on after a failure");
        // JDK 25's verify: 10 run, 2 failures, 1 error: 7 passed, 3 failed
        assertEquals("tests: 80 passed, 3 failed, 3 skipped", r.last());
        assertTrue(r.text().contains("FAILED on Java 17 25:\n  JDK 25: mvn clean verify (3)"), r::text);
    }

    @Test
    void aFailingNotebookAndABuildWithoutJarAreFailuresToo() throws Exception {
        Run runner = run(Map.of("FAKE_RUNNER_FAIL", "1", "JCNN_TEST_JDKS", "17"));
        assertEquals(1, runner.status(), runner::text);
        // both runner calls (08 for 5 epochs, the rest for 1) stop at their first notebook
        assertEquals("tests: 45 passed, 2 failed, 2 skipped", runner.last());
        Files.deleteIfExists(calls);
        Run noJar = run(Map.of("FAKE_NO_JAR", "1", "JCNN_TEST_JDKS", "17"));
        assertEquals(1, noJar.status(), noJar::text);
        assertEquals("tests: 13 passed, 1 failed, 1 skipped", noJar.last());
        assertTrue(noJar.text().contains("JDK 17: target/jcnn.jar was not built"), noJar::text);
    }

    @Test
    void withOnlyJdk17ItSaysThat25IsSkippedAndWhy() throws Exception {
        Run r = run(Map.of("JCNN_TEST_JDKS", "17"));
        assertEquals(0, r.status(), r::text);
        assertTrue(r.text().contains("skipped  " + jvms.resolve("jdk-25") + ": Java 25, not in JCNN_TEST_JDKS='17'"), r::text);
        assertTrue(r.text().contains("note: no JDK 25 here, so only Java 17 is tested"), r::text);
        assertTrue(r.calls().stream().noneMatch(c -> c.contains("jdk-25")), r.calls()::toString);
        assertEquals("tests: 48 passed, 0 failed, 2 skipped", r.last());
    }

    @Test
    void withNoUsableJdkItStopsBeforeAnyTestWithAFailure() throws Exception {
        Run r = run(Map.of("JCNN_TEST_JDKS", "11"));
        assertEquals(1, r.status(), r::text);
        assertTrue(r.text().contains("no JDK >= 17 to test with"), r::text);
        assertEquals(List.of("setup"), r.calls());
        assertEquals("tests: 0 passed, 1 failed, 0 skipped", r.last());
    }
}
