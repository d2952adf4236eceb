package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's management commands (container, image, system), labels with their filters, and system df, for real. */
class CommandGroupsIT extends ContainerFixture {

    @Test
    void containerGroupRunsTheContainerCommandsUnderDockersNames() throws Exception {
        String id = detached("--name", "grouped", "busybox", "sleep", "600");
        for (String ls : List.of("ls", "ps", "list")) {
            Result r = jocker.run("container", ls, "-q", "--no-trunc");
            assertEquals(id + "\n", r.stdout(), r::toString);
        }
        assertEquals("running\n", jocker.run("container", "inspect", "-f", "{{.State.Status}}", "grouped").stdout());
        assertOk(jocker.run("container", "stop", "-t", "0", "grouped"));
        Result exited = jocker.run("container", "ls", "-a", "--format", "{{.Names}} {{.State}}");
        assertEquals("grouped exited\n", exited.stdout(), exited::toString);
        assertOk(jocker.run("container", "remove", "grouped"));
        assertEquals("", jocker.run("container", "ls", "-aq").stdout());
    }

    @Test
    void imageGroupRunsTheImageCommandsAndInspectLooksAtImagesOnly() throws Exception {
        assertOk(jocker.run("image", "tag", "busybox", "copy:1"));
        Result ls = jocker.run("image", "ls", "--format", "{{.Repository}}:{{.Tag}}");
        assertEquals(List.of("busybox:latest", "copy:1"), ls.stdout().lines().sorted().toList(), ls::toString);
        Result inspect = jocker.run("image", "inspect", "-f", "{{.Id}}", "copy:1");
        assertTrue(inspect.stdout().startsWith("sha256:"), inspect::toString);
        assertOk(jocker.run("image", "history", "copy:1"));
        detached("--name", "imagename", "busybox", "sleep", "600");
        Result notAnImage = jocker.run("image", "inspect", "imagename");
        assertEquals(1, notAnImage.exitCode(), notAnImage::toString);
        assertTrue(notAnImage.stderr().contains("No such object: imagename"), notAnImage::toString);
        assertOk(jocker.run("image", "rm", "copy:1"));
        assertEquals("busybox:latest\n", jocker.run("image", "list", "--format", "{{.Repository}}:{{.Tag}}").stdout());
    }

    @Test
    void aGroupWithoutACommandPrintsItsUsageAndAnUnknownOneIsRefused() throws Exception {
        Result usage = jocker.run("system");
        assertEquals(0, usage.exitCode(), usage::toString);
        assertTrue(usage.stderr().startsWith("Usage: jocker system"), usage::toString);
        assertTrue(usage.stderr().contains("df") && usage.stderr().contains("prune"), usage::toString);
        Result unknown = jocker.run("container", "nosuch");
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.stderr().startsWith("jocker: unknown command: jocker container nosuch"), unknown::toString);
        assertTrue(jocker.run("system", "info").stdout().contains("Storage Driver"));
    }

    @Test
    void labelsFromFlagsAndFilesSelectContainersImagesAndVolumes() throws Exception {
        Path file = Files.writeString(tmp.resolve("labels"), "# team labels\ntier=web\nowner=ops\n");
        String web = detached("--name", "web", "-l", "owner=dev", "--label-file", file.toString(), "busybox", "sleep", "600");
        detached("--name", "other", "--label", "tier=db", "busybox", "sleep", "600");
        assertEquals("dev web\n", jocker.run("inspect", "-f", "{{.Config.Labels.owner}} {{.Config.Labels.tier}}", web).stdout(),
                "a flag replaces the file's label of the same key");
        assertEquals("web\n", jocker.run("ps", "--filter", "label=tier=web", "--format", "{{.Names}}").stdout());
        assertEquals(List.of("other", "web"),
                jocker.run("ps", "--filter", "label=tier", "--format", "{{.Names}}").stdout().lines().sorted().toList());
        assertEquals("", jocker.run("ps", "--filter", "label=tier=web", "--filter", "label=nosuch", "-q").stdout());

        Result commit = jocker.run("commit", "-l", "release=1 \"final\"", "web", "labelled:1");
        assertOk(commit);
        assertEquals("1 \"final\"\n", jocker.run("image", "inspect", "-f", "{{index .Config.Labels \"release\"}}", "labelled:1").stdout());
        assertEquals("labelled\n", jocker.run("images", "--filter", "label=release", "--format", "{{.Repository}}").stdout());
        assertEquals("busybox\n", jocker.run("images", "-a", "--filter", "label!=release", "--format", "{{.Repository}}").stdout());

        assertOk(jocker.run("volume", "create", "--label-file", file.toString(), "labelled"));
        assertOk(jocker.run("volume", "create", "plain"));
        assertEquals("labelled\n", jocker.run("volume", "ls", "-q", "--filter", "label=owner=ops").stdout());

        Result missing = jocker.run("run", "--rm", "--label-file", tmp.resolve("nosuch").toString(), "busybox", "true");
        assertEquals(125, missing.exitCode(), missing::toString);
        assertTrue(missing.stderr().contains("no such file or directory"), missing::toString);
        assertEquals(2, jocker.run("ps", "-aq").stdout().lines().count(), "a refused label file creates nothing");
        assertOk(jocker.run("volume", "rm", "labelled", "plain"));
    }

    @Test
    void systemDfCountsImagesContainersAndVolumes() throws Exception {
        detached("--name", "active", "-v", "data:/data", "busybox", "sleep", "600");
        assertOk(jocker.run("run", "--name", "stopped", "busybox", "sh", "-c", "head -c 5000 /dev/zero > /grown"));
        Result df = jocker.run("system", "df");
        assertOk(df);
        List<String> lines = df.stdout().lines().toList();
        assertEquals(List.of("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"), List.of(lines.get(0).split("\\s{2,}")), df::toString);
        assertTrue(lines.get(1).matches("Images\\s+1\\s+1\\s+\\S+\\s+0B \\(0%\\)"), df::toString);
        assertTrue(lines.get(2).matches("Containers\\s+2\\s+1\\s+5kB\\s+5kB \\(100%\\)"), df::toString);
        assertTrue(lines.get(3).matches("Local Volumes\\s+1\\s+1\\s+0B\\s+0B"), df::toString);
        assertEquals(4, lines.size(), df::toString);
        assertEquals(List.of("Images=1", "Containers=2", "Local Volumes=1"),
                jocker.run("system", "df", "--format", "{{.Type}}={{.TotalCount}}").stdout().lines().toList());
        Result verbose = jocker.run("system", "df", "-v");
        assertOk(verbose);
        assertTrue(verbose.stdout().startsWith("Images space usage:\n\nREPOSITORY"), verbose::toString);
        assertTrue(verbose.stdout().lines().anyMatch(l -> l.startsWith("busybox ") && l.endsWith(" 2")), verbose::toString);
        assertTrue(verbose.stdout().lines().anyMatch(l -> l.contains("stopped") && l.contains(" 5kB ")), verbose::toString);
        assertTrue(verbose.stdout().lines().anyMatch(l -> l.matches("data\\s+1\\s+0B")), verbose::toString);
        assertOk(jocker.run("rm", "-f", "active"));
        assertOk(jocker.run("volume", "rm", "data"));
        assertFalse(jocker.run("volume", "ls", "-q").stdout().contains("data"));
    }
}
