package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every command and subcommand of the whole model answers {@code --help}, {@code -h} (unless that
 * is a flag of its own) and {@code jocker help COMMAND} with its usage and exit 0, run as the CLI
 * runs it: with a model of its own command only. A command added later is walked too.
 */
class HelpTest {

    @TestFactory
    Stream<DynamicTest> everyCommandAnswersHelp() {
        List<List<String>> paths = new ArrayList<>();
        CommandLine whole = Cli.commandLine(discard(), discard());
        collect(whole, List.of(), paths);
        assertTrue(paths.size() > 35, () -> "the walk found only " + paths);
        return paths.stream().flatMap(path -> {
            String name = String.join(" ", path);
            List<DynamicTest> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest(name + " --help", () -> assertUsage(path, with(path, "--help"))));
            if (ownsDashH(whole, path)) {
                tests.add(DynamicTest.dynamicTest(name + " -h", () -> assertUsage(path, with(path, "-h"))));
            }
            if (!path.isEmpty()) {
                List<String> help = new ArrayList<>(List.of("help"));
                help.addAll(path);
                tests.add(DynamicTest.dynamicTest("help " + name, () -> assertUsage(path, help)));
            }
            return tests.stream();
        });
    }

    @org.junit.jupiter.api.Test
    void globalOptionsBeforeTheCommandDoNotHideItsHelp() {
        assertUsage(List.of("ps"), List.of("--root", "/nonexistent", "-l", "debug", "ps", "--help"));
    }

    @org.junit.jupiter.api.Test
    void runPassesHelpAfterTheImageToTheContainersCommand() {
        CommandLine.ParseResult parsed = Cli.commandLine(discard(), discard(), "run")
                .parseArgs("run", "busybox", "ls", "--help");
        assertFalse(parsed.subcommand().isUsageHelpRequested());
    }

    @org.junit.jupiter.api.Test
    void anUnknownHelpTopicIsRefused() {
        StringWriter err = new StringWriter();
        assertEquals(Failures.FAILED, Cli.execute(discard(), new PrintWriter(err, true), "help", "nosuch"));
        assertEquals("jocker: unknown help topic: nosuch\n", err.toString());
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            // Aliases (volume list) are the same commands under other names.
            if (name.equals(sub.getCommandName())) {
                List<String> longer = new ArrayList<>(path);
                longer.add(name);
                collect(sub, longer, paths);
            }
        });
    }

    /** Whether {@code -h} is the help flag of the command at {@code path}: run and create have a -h of their own. */
    private static boolean ownsDashH(CommandLine whole, List<String> path) {
        CommandLine command = whole;
        for (String name : path) {
            command = command.getSubcommands().get(name);
        }
        return command.getCommandSpec().findOption("-h").usageHelp();
    }

    private static List<String> with(List<String> path, String flag) {
        List<String> args = new ArrayList<>(path);
        args.add(flag);
        return args;
    }

    private static void assertUsage(List<String> path, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertEquals(0, status, () -> args + ": " + err);
        assertEquals("", err.toString(), () -> args.toString());
        String usage = "Usage: jocker" + (path.isEmpty() ? "" : " " + String.join(" ", path));
        assertTrue(out.toString().startsWith(usage), () -> args + " printed:\n" + out);
    }

    private static PrintWriter discard() {
        return new PrintWriter(new StringWriter());
    }
}
