package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.JockerCli.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Docker's --format templates and inspect's shape, end to end through the distribution: once in a
 * JVM of the command's own, once served by a running supervisor, with the same results.
 */
class FormatInspectIT extends ContainerFixture {

    /** This test is about the launcher's choice between the supervisor and a JVM: it is left to the launcher. */
    @Override
    Route route() {
        return Route.EITHER;
    }

    @Test
    void formatsAndInspectsInAJvmOfItsOwn() throws Exception {
        SupervisorProcesses.stop(jocker.root());
        Path classes = tmp.resolve("classes.log");
        JockerCli cold = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.JVM).env("JOCKER_SUPERVISOR_IDLE_MILLIS", "0");
        Path bound = Files.createDirectory(tmp.resolve("bound"));
        Result three = cold.run("run", "--name", "three", "-v", bound + ":/data:ro", "busybox", "sh", "-c", "exit 3");
        assertEquals(3, three.exitCode(), three::toString);
        JockerCli traced = cold.env("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes);
        checkFormatsAndInspect(traced, bound);
        assertTrue(Files.exists(classes), "the commands did not run in a JVM of their own");
        assertFalse(SupervisorProcesses.of(jocker.root()).isPresent());
    }

    @Test
    void theSupervisorServesTheSame() throws Exception {
        assertOk(jocker.run("run", "-d", "--name", "keeper", "busybox", "sleep", "1000"));
        Path bound = Files.createDirectory(tmp.resolve("bound"));
        Result three = jocker.run("run", "--name", "three", "-v", bound + ":/data:ro", "busybox", "sh", "-c", "exit 3");
        assertEquals(3, three.exitCode(), three::toString);
        Path classes = tmp.resolve("classes.log");
        JockerCli traced = new JockerCli(JockerCli.distribution(), jocker.root()).route(Route.EITHER)
                .env("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes);
        checkFormatsAndInspect(traced, bound);
        assertFalse(Files.exists(classes), "a JVM started for a command the supervisor could run");
        FastPathRequests.assertNoneLeft(jocker.root());
    }

    private void checkFormatsAndInspect(JockerCli cli, Path bound) throws Exception {
        assertEquals("3\n", ok(cli.run("inspect", "-f", "{{.State.ExitCode}}", "three")));
        String table = ok(cli.run("ps", "-a", "--filter", "name=three", "--format", "table {{.Names}}\\t{{.Status}}"));
        assertTrue(table.matches("NAMES     STATUS\nthree     Exited \\(3\\) .+ ago\n"), table);
        assertEquals("busybox:latest\n", ok(cli.run("images", "--format", "{{.Repository}}:{{.Tag}}")));

        String inspect = ok(cli.run("inspect", "three"));
        String id = ok(cli.run("inspect", "-f", "{{.Id}}", "three")).trim();
        Path dir = jocker.root().resolve("containers").resolve(id);
        assertTrue(inspect.startsWith("[\n    {\n        \"Id\": \"" + id + "\",\n        \"Created\": \""), inspect);
        assertTrue(inspect.endsWith("\n    }\n]\n"), inspect);
        assertContains(inspect, "\"ResolvConfPath\": \"" + dir.resolve("resolv.conf") + "\"",
                "\"HostnamePath\": \"" + dir.resolve("hostname") + "\"", "\"HostsPath\": \"" + dir.resolve("hosts") + "\"",
                "\"Binds\": [\n                \"" + bound + ":/data:ro\"\n            ],", "\"NetworkMode\": \"none\"",
                "\"Platform\": \"linux\"", "\"AttachStdin\": false", "\"ExitCode\": 3", "\"Dns\": [],",
                "\"Mounts\": [\n            {\n                \"Type\": \"bind\",\n                \"Source\": \"" + bound + "\"");
        assertFalse(inspect.contains("/etc/resolv.conf"), "the generated /etc files are not the user's mounts");

        assertEquals("busybox:latest layers\n",
                ok(cli.run("inspect", "--type", "image", "-f", "{{index .RepoTags 0}} {{.RootFS.Type}}", "busybox")));
        Result notAContainer = cli.run("inspect", "--type", "container", "busybox");
        assertEquals(1, notAContainer.exitCode(), notAContainer::toString);
        assertEquals("[]\n", notAContainer.stdout());
        assertTrue(notAContainer.stderr().endsWith("Error: No such object: busybox\n"), notAContainer::toString);

        Result badTemplate = cli.run("inspect", "-f", "{{.State.ExitCode", "three");
        assertEquals(64, badTemplate.exitCode(), "Docker's inspector: StatusError 64; " + badTemplate);
        assertContains(badTemplate.stderr(), "template parsing error: template: :1: unclosed action");
        Result missingKey = cli.run("inspect", "-f", "{{.Nope}}", "three");
        assertEquals(1, missingKey.exitCode(), missingKey::toString);
        assertEquals("\n", missingKey.stdout());
        assertContains(missingKey.stderr(), "template parsing error: template: :1:2: executing \"\" at <.Nope>: map has no entry for key \"Nope\"");
    }

    private static String ok(Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        return result.stdout();
    }
}
