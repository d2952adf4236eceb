package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's two commands work as written on a fresh Debian 12 as root: no sudo, which a root
 * shell may not have; the test command and CI share one install step whose package names are
 * right; Maven, which both run, prints no terminal escapes.
 */
class ScriptsIT {

    private static final Path REPO = Path.of(System.getProperty("jocker.repo", "..")).toAbsolutePath().normalize();
    private static final Pattern NEED = Pattern.compile("^need (\\S+) (\\S+)", Pattern.MULTILINE);

    @Test
    void readmesCommandsAssumeNoSudo() throws IOException {
        List<String> commands = Files.readAllLines(REPO.resolve("README.md")).stream().filter(l -> l.startsWith("    ")).toList();
        assertTrue(commands.contains("    scripts/test.sh"), commands::toString);
        assertTrue(commands.stream().noneMatch(l -> l.matches(".*\\bsudo\\b.*")), commands::toString);
        assertFalse(Files.readString(REPO.resolve("scripts/demo.sh")).contains("sudo"));
    }

    @Test
    void theTestCommandCiAndTheDemoInstallWhatTheyNeedFirst() throws IOException {
        for (String script : List.of("scripts/test.sh", "scripts/demo.sh")) {
            List<String> commands = Files.readAllLines(REPO.resolve(script)).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("set ") && !l.startsWith("cd ")).toList();
            assertEquals("scripts/install-test-deps.sh", commands.get(0), script);
        }
        assertTrue(Files.readAllLines(REPO.resolve(".ci/run")).contains("scripts/test.sh"));
    }

    /** Each requirement names the Debian package that provides it here, so a fresh machine gets the right one. */
    @Test
    void eachRequirementNamesThePackageThatProvidesIt() throws Exception {
        Matcher need = NEED.matcher(Files.readString(REPO.resolve("scripts/install-test-deps.sh")));
        int count = 0;
        while (need.find()) {
            String wanted = need.group(1);
            String suffix = wanted.startsWith("/") ? wanted : "bin/" + wanted;
            // dpkg -S searches for a substring; the paths it lists must end with the command or be the file.
            List<String> owners = run("dpkg", "-S", suffix).lines()
                    .filter(l -> l.endsWith(wanted.startsWith("/") ? ": " + wanted : "/" + suffix))
                    .map(l -> l.substring(0, l.lastIndexOf(": ")))
                    .toList();
            String pkg = need.group(2);
            assertTrue(owners.stream().anyMatch(o -> List.of(o.split(", ")).stream().anyMatch(p -> p.equals(pkg) || p.startsWith(pkg + ":"))),
                    () -> need.group(0) + ": provided by " + owners);
            count++;
        }
        assertTrue(count >= 10, "requirements found: " + count);
    }

    @Test
    void mavenPrintsNoTerminalEscapes() throws Exception {
        String output = run("mvn", "-B", "-ntp", "-q", "-N", "validate");
        assertFalse(output.contains("\u001b"), output);
    }

    /** Runs a command in the repository; stdout and stderr together. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return output;
    }
}
