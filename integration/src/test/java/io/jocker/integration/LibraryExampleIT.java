package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** README's "jocker as a library" program, compiled and run against the distribution's jars as a user would. */
class LibraryExampleIT extends ContainerFixture {

    private static final Path REPO = Path.of(System.getProperty("jocker.repo", "..")).toAbsolutePath().normalize();

    @Test
    void theReadmesProgramRunsAContainerThroughTheTypedFacade() throws Exception {
        String readme = Files.readString(REPO.resolve("README.md"));
        Matcher block = Pattern.compile("## jocker as a library.*?```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README has the library example");
        Path dist = JockerCli.distribution();
        String source = block.group(1)
                .replace("/var/lib/jocker", jocker.root().toString())
                .replace("/opt/jocker/plugins", dist.resolve("plugins").toString());
        Path work = Files.createDirectories(tmp.resolve("example"));
        Files.writeString(work.resolve("Hello.java"), source);
        String libs = dist.resolve("lib") + "/*";

        // The compiler API does not expand a class path's '*' as the javac and java launchers do.
        String jars;
        try (Stream<Path> lib = Files.list(dist.resolve("lib"))) {
            jars = lib.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).collect(Collectors.joining(":"));
        }
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "--release", "17", "-cp", jars, "-d", work.toString(), work.resolve("Hello.java").toString());
        assertEquals(0, compiled, "the README's program compiles against lib/*");

        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", libs + ":" + work, "Hello").redirectErrorStream(true).start();
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the program ends");
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, run.exitValue(), output);
        assertEquals(List.of("storage driver: overlay", "hello from jocker", "exited with 0"), output.lines().toList());

        String ps = jocker.run("ps", "-a", "--format", "{{.Image}} {{.Status}}").stdout();
        assertTrue(ps.matches("busybox Exited \\(0\\) .* ago\n"), "the CLI sees the library's container: " + ps);
        assertOk(jocker.run("rm", jocker.run("ps", "-aq").stdout().strip()));
    }
}
