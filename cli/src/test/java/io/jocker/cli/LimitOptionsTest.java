package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.resources.InvalidResourceException;
import io.jocker.engine.resources.ResourceFlags;
import io.jocker.spi.Host;
import io.jocker.spi.Resources;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The limit flags as picocli parses them for run and update, and their checks against a fake host. */
class LimitOptionsTest {

    @TempDir
    Path root;

    private RunCommand run(String... args) {
        RunCommand command = new RunCommand();
        CommandLine cl = new CommandLine(command);
        cl.setStopAtPositional(true);
        cl.parseArgs(args);
        return command;
    }

    @Test
    void runTakesEveryLimitFlagWithDockersNames() {
        RunCommand command = run("-m", "32m", "--memory-swap", "-1", "--memory-reservation", "16m", "--cpus", "0.5",
                "-c", "512", "--cpuset-cpus", "0", "--cpuset-mems", "0", "--pids-limit", "10", "--oom-kill-disable",
                "busybox", "sh", "-m", "1k");
        assertEquals(new ResourceFlags("32m", "-1", "16m", "0.5", "512", null, null, "0", "0", "10", true),
                command.options.limits.flags());
        assertEquals(List.of("sh", "-m", "1k"), command.options.command, "flags after the image belong to the command");
        RunCommand periods = run("--cpu-period", "50000", "--cpu-quota", "25000", "--memory", "1g", "--cpu-shares", "2",
                "busybox");
        assertEquals(new ResourceFlags("1g", null, null, null, "2", "50000", "25000", null, null, null, false),
                periods.options.limits.flags());
        assertFalse(run("busybox").options.limits.any());
    }

    @Test
    void updateHasNoOomKillDisable() {
        UpdateCommand command = new UpdateCommand();
        CommandLine cl = new CommandLine(command);
        assertThrows(CommandLine.UnmatchedArgumentException.class, () -> cl.parseArgs("--oom-kill-disable", "web"));
        cl.parseArgs("--pids-limit", "-1", "web");
        assertTrue(command.limits.any());
        assertEquals("-1", command.limits.flags().pidsLimit());
    }

    @Test
    void createDefaultsSwapToTwiceTheMemoryAndUpdateDoesNot() throws Exception {
        Host host = new Host(root, "6.18", 2);
        StringWriter err = new StringWriter();
        RunCommand command = run("-m", "32m", "busybox");
        Resources created = command.options.limits.parseForCreate(host, new PrintWriter(err, true)).resources();
        assertEquals(64L << 20, created.memorySwap());
        Resources updated = command.options.limits.parseForUpdate(host, new PrintWriter(err, true)).resources();
        assertNull(updated.memorySwap());
        assertEquals("", err.toString());
    }

    @Test
    void warningsGoToStderr() throws Exception {
        StringWriter err = new StringWriter();
        run("--oom-kill-disable", "busybox").options.request(new Host(root, "6.18", 2), new PrintWriter(err, true), Caller.thisProcess(), false);
        assertEquals("WARNING: Disabling the OOM killer on containers without setting a '-m/--memory' limit may be "
                + "dangerous." + System.lineSeparator(), err.toString());
    }

    @Test
    void limitsBeyondTheHostAreRefused() {
        Host host = new Host(root, "6.18", 2);
        PrintWriter err = new PrintWriter(new StringWriter());
        assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available",
                assertThrows(InvalidResourceException.class,
                        () -> run("--cpus", "3", "busybox").options.limits.parseForCreate(host, err)).getMessage());
        assertEquals("Requested CPUs are not available - requested 99, available: 0-1",
                assertThrows(InvalidResourceException.class,
                        () -> run("--cpuset-cpus", "99", "busybox").options.limits.parseForCreate(host, err)).getMessage());
    }
}
