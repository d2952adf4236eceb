package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.container.NoSuchContainerException;
import io.jocker.engine.plugin.DriverSelectionException;
import io.jocker.engine.resources.InvalidResourceException;
import java.io.EOFException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Exit statuses as Docker's client chooses them, and messages that never name a Java class. */
class FailuresTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void aWrongCommandLineIs125ButAMissingOrExtraArgumentIs1() {
        assertEquals(125, run("ps", "--bogus"));
        assertEquals(125, run("stop", "-t", "x", "c"), "a value that does not parse");
        assertEquals(125, run("ps", "--filter"), "an option without its value");
        assertEquals(1, run("logs"), "docker: 'docker logs' requires 1 argument");
        assertEquals(1, run("rename", "a"));
        assertEquals(1, run("wait"));
        assertEquals(1, run("info", "extra"), "docker: 'docker info' accepts no arguments");
        assertTrue(err.toString().startsWith("jocker: Unknown option: '--bogus'\nSee 'jocker ps --help'."), err::toString);
    }

    @Test
    void aWordThatIsNoCommandIsAnUnknownCommandAsDockerSaysIt() {
        StringWriter err = new StringWriter();
        assertEquals(1, Cli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "--root", "/x", "bogus", "a"));
        assertEquals("jocker: unknown command: jocker bogus\nSee 'jocker --help'.\n", err.toString());
        StringWriter volumeErr = new StringWriter();
        assertEquals(1, Cli.execute(new PrintWriter(new StringWriter()), new PrintWriter(volumeErr, true), "volume", "bogus"));
        assertEquals("jocker: unknown command: jocker volume bogus\nSee 'jocker volume --help'.\n", volumeErr.toString());
    }

    @Test
    void onlyRunReportsEveryFailureWith125() {
        CommandLine cl = Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err));
        CommandLine.Model.CommandSpec run = cl.getSubcommands().get("run").getCommandSpec();
        CommandLine.Model.CommandSpec logs = cl.getSubcommands().get("logs").getCommandSpec();
        EngineException missing = new NoSuchContainerException("web");

        assertEquals(125, Failures.status(run, missing));
        assertEquals(1, Failures.status(logs, missing));
        assertEquals(1, Failures.status(logs, new InvalidRequestException("Container web is not running")));
        assertEquals(125, Failures.status(logs, new RuntimeException("wrapped", new DriverSelectionException("unknown storage driver"))));
        assertEquals(125, Failures.status(logs, new InvalidResourceException("Minimum memory limit allowed is 6MB")));
        assertEquals(125, Failures.status(logs, new InvalidOptionException(new InvalidRequestException("invalid volume specification"))));
    }

    @Test
    void theEnginesMessageIsFoundBehindWrappersAndNoClassIsNamed() {
        RuntimeException wrapped = new RuntimeException("Unable to provision, see the following errors: ...",
                new EngineException("no supported isolator on this host"));
        assertEquals("no supported isolator on this host", Failures.message(wrapped));
        assertEquals("plain", Failures.message(new IllegalStateException("plain")));
        String bare = Failures.message(new RuntimeException(new EOFException()));
        assertFalse(bare.contains("Exception") || bare.contains("java."), bare);
    }

    @Test
    void everyReportIsOneLineWithJockersPrefix() {
        StringWriter out = new StringWriter();
        Failures.print(new PrintWriter(out), "No such container: web");
        assertEquals("jocker: No such container: web\n", out.toString());
    }
}
