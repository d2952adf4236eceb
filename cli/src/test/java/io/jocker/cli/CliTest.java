package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void usageErrorsExit125() {
        assertEquals(125, run("--bogus"));
        assertTrue(err.toString().startsWith("jocker: Unknown option: '--bogus'"), err.toString());
        assertEquals(125, run("completion", "powershell"));
        assertTrue(err.toString().contains("unsupported shell \"powershell\""), err.toString());
    }

    @Test
    void withoutACommandTheUsageGoesToStderrAsDockersDoes() {
        assertEquals(0, run());
        assertEquals("", out.toString());
        assertTrue(err.toString().startsWith("Usage: jocker"), err.toString());
    }

    @Test
    void runPassesFlagsAfterTheImageToTheCommand() {
        picocli.CommandLine cl = Cli.commandLine(new PrintWriter(out), new PrintWriter(err));
        picocli.CommandLine.ParseResult parsed = cl.parseArgs("run", "--rm", "busybox", "ls", "-l", "--rm", "-e");
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
        assertTrue(run.options.autoRemove);
        assertEquals("busybox", run.options.image);
        assertEquals(java.util.List.of("ls", "-l", "--rm", "-e"), run.options.command);
    }

    @Test
    void containerRunPassesFlagsAfterTheImageToTheCommandToo() {
        picocli.CommandLine cl = Cli.commandLine(new PrintWriter(out), new PrintWriter(err), "container");
        picocli.CommandLine.ParseResult parsed = cl.parseArgs("container", "run", "busybox", "ls", "--rm");
        RunCommand run = (RunCommand) parsed.subcommand().subcommand().commandSpec().userObject();
        assertEquals(java.util.List.of("ls", "--rm"), run.options.command);
    }

    @Test
    void aGroupWithoutACommandPrintsItsUsageOnStderr() {
        assertEquals(0, run("image"));
        assertEquals("", out.toString());
        assertTrue(err.toString().startsWith("Usage: jocker image [-h] [COMMAND]"), err.toString());
        assertTrue(err.toString().contains("  ls, list "), err.toString());
    }

}
