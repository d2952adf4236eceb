package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The launcher ({@code bin/jocker}) finds the command and the root among the global options
 * without a JVM, so it must know which of them take a value: exactly JockerCommand's.
 */
class LauncherOptionsTest {

    private static final Path LAUNCHER = Path.of("../distribution/src/bin/jocker");
    private static final Pattern VALUE_OPTIONS = Pattern.compile("\n {4}(-[^)\n]*)\\) value_of=other ;;");

    @Test
    void theLauncherKnowsEveryGlobalOptionThatTakesAValue() throws Exception {
        Matcher listed = VALUE_OPTIONS.matcher(Files.readString(LAUNCHER));
        assertTrue(listed.find(), "no list of the global options that take a value in " + LAUNCHER);
        Set<String> launcher = new TreeSet<>(List.of(listed.group(1).split(" \\| ")));
        // The launcher reads --root's value itself.
        launcher.add("--root");

        Set<String> model = new TreeSet<>();
        for (OptionSpec option : new CommandLine(new JockerCommand()).getCommandSpec().options()) {
            if (option.arity().max() > 0) {
                model.addAll(List.of(option.names()));
            }
        }
        assertEquals(model, launcher);
    }
}
