package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Command-line mistakes of the resource commands are refused with Docker's status before any engine is built. */
class ResourceCommandsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        return Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void updateWithoutAnyLimitIsRefusedAsDockerDoes() {
        assertEquals(125, execute("update", "web"));
        assertEquals("jocker: you must provide one or more flags when using this command\nSee 'jocker update --help'.\n",
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void statsRefusesATemplateThatDoesNotParse() {
        // Docker's client: a plain error of the command, exit 1.
        assertEquals(1, execute("stats", "--no-stream", "--format", "{{.Name"));
        assertEquals("jocker: template parsing error: template: :1: unclosed action\n",
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void pauseAndUnpauseNeedAContainer() {
        // Docker's client: "'docker pause' requires at least 1 argument", exit 1.
        assertEquals(1, execute("pause"));
        assertEquals(1, execute("unpause"));
        assertEquals("", out.toString());
    }
}
