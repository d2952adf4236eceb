package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.testing.JockerCli;
import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.image.BusyboxRootfs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/**
 * commit, export, save, load and history end to end, and interoperability with skopeo and umoci
 * (Debian packages; {@code .ci/run} installs them).
 */
class ImagesIT extends ContainerFixture {

    /** A container that wrote /hello and deleted /bin/ls, committed as mine:v1. */
    private String commitChangedContainer() throws Exception {
        assertOk(jocker.run("run", "--name", "changed", "busybox", "sh", "-c", "echo hi > /hello; rm /bin/ls"));
        Result commit = jocker.run("commit", "-m", "my message", "-c", "CMD [\"cat\", \"/hello\"]", "changed", "mine:v1");
        assertOk(commit);
        assertTrue(commit.stdout().trim().matches("sha256:[0-9a-f]{64}"), commit::toString);
        return commit.stdout().trim();
    }

    @Test
    void aCommittedContainerIsAnImageWithItsChangesDeletionsAndNewCommand() throws Exception {
        commitChangedContainer();

        Result run = jocker.run("run", "--rm", "mine:v1");
        assertOk(run);
        assertEquals("hi\n", run.stdout());
        assertEquals(127, jocker.run("run", "--rm", "mine:v1", "ls", "/").exitCode(), "the deletion is a whiteout");
        assertOk(jocker.run("run", "--rm", "busybox", "ls", "/"));
        Result history = jocker.run("history", "mine:v1");
        assertOk(history);
        List<String> lines = history.stdout().lines().toList();
        assertEquals(3, lines.size(), history::toString);
        assertContains(lines.get(0), "IMAGE", "CREATED BY", "SIZE", "COMMENT");
        assertContains(lines.get(1), "sh -c echo hi > /hello; rm /bin/ls", "my message");
        assertContains(lines.get(2), "<missing>", "Imported from");
        Result images = jocker.run("images", "--format", "json");
        assertContains(images.stdout(), "\"Repository\":\"mine\"", "\"SharedSize\":\"" + megabytes(contentSize(BusyboxRootfs.tar())) + "\"");
    }

    @Test
    void aRunningContainerIsPausedDuringCommitAndRunsOnAfterwards() throws Exception {
        Process live = startDetachedLike("live", "echo x > /f; exec sleep 60");
        try {
            String id = waitForFile("live", "f");
            Result commit = jocker.run("commit", "live", "snap");
            assertOk(commit);
            Path freezer = Path.of("/sys/fs/cgroup/freezer/jocker", id, "freezer.state");
            if (Files.exists(freezer)) {
                assertEquals("THAWED", Files.readString(freezer).trim());
            }
            assertTrue(live.isAlive(), "the container still runs");
            Result cat = jocker.run("run", "--rm", "snap", "cat", "/f");
            assertEquals("x\n", cat.stdout(), cat::toString);
        } finally {
            jocker.run("rm", "-f", "live");
            live.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** {@code jocker run} in the background (there is no {@code -d} yet); the caller removes it. */
    private Process startDetachedLike(String name, String script) throws IOException {
        return new ProcessBuilder(JockerCli.distribution().resolve("bin/jocker").toString(), "--root", jocker.root().toString(),
                "run", "--name", name, "busybox", "sh", "-c", script)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Waits until the running container's export shows {@code file}; returns the container's full id. */
    private String waitForFile(String name, String file) throws Exception {
        Path out = tmp.resolve("probe.tar");
        for (int i = 0; i < 100; i++) {
            Result ps = jocker.run("ps", "-q", "--no-trunc");
            if (!ps.stdout().isBlank() && jocker.run("export", "-o", out.toString(), name).exitCode() == 0
                    && tarNames(out).contains(file)) {
                return ps.stdout().trim();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("container " + name + " never wrote /" + file);
    }

    @Test
    void exportWritesTheFlatFileSystemAndUnmountsAgain() throws Exception {
        assertOk(jocker.run("run", "--name", "exp", "busybox", "sh", "-c", "echo hi > /hello; rm /bin/ls"));
        Path out = tmp.resolve("exp.tar");

        assertOk(jocker.run("export", "-o", out.toString(), "exp"));

        List<String> names = tarNames(out);
        assertTrue(names.contains("hello") && names.contains("bin/busybox"), names::toString);
        assertFalse(names.contains("bin/ls"));
        assertTrue(names.contains("etc/hosts"), "the file the generated /etc/hosts was bound on, as Docker exports it");
        Path piped = tmp.resolve("piped.tar");
        Process toStdout = new ProcessBuilder(JockerCli.distribution().resolve("bin/jocker").toString(), "--root",
                jocker.root().toString(), "export", "exp").redirectOutput(piped.toFile()).start();
        assertEquals(0, toStdout.waitFor());
        assertEquals(names, tarNames(piped), "stdout that is not a terminal gets the same tar");
    }

    /** Docker exports what lies beneath the generated files: here the image's own. */
    @Test
    void exportKeepsTheImagesOwnHostnameAndResolvConf() throws Exception {
        Path etc = Files.createDirectories(tmp.resolve("own/etc"));
        Files.writeString(etc.resolve("hostname"), "image-hostname\n");
        Files.writeString(etc.resolve("resolv.conf"), "nameserver 192.0.2.53\n");
        Path tar = Files.copy(BusyboxRootfs.tar(), tmp.resolve("own.tar"));
        assertTool(tool("tar", "-rf", tar.toString(), "-C", tmp.resolve("own").toString(), "etc/hostname", "etc/resolv.conf"));
        assertOk(jocker.run("import", tar.toString(), "own"));
        Result run = jocker.run("run", "--name", "own", "-h", "generated", "own", "cat", "/etc/hostname");
        assertEquals("generated\n", run.stdout(), "the container sees the generated file: " + run);
        Path out = tmp.resolve("own-export.tar");

        assertOk(jocker.run("export", "-o", out.toString(), "own"));

        assertEquals("image-hostname\n", tool("tar", "-xOf", out.toString(), "etc/hostname").stdout());
        assertEquals("nameserver 192.0.2.53\n", tool("tar", "-xOf", out.toString(), "etc/resolv.conf").stdout());
    }

    /** Docker's SIZE: the bytes of the image's files (moby's directory.Size), not those of its layer tars. */
    @Test
    void imagesAndHistoryShowTheBytesOfTheFilesNotOfTheLayerTar() throws Exception {
        long content = contentSize(BusyboxRootfs.tar());
        assertTrue(content < Files.size(BusyboxRootfs.tar()) - 512, "the tar's headers weigh more than that");

        Result history = jocker.run("history", "-H=false", "busybox");
        assertOk(history);
        assertTrue(history.stdout().matches("(?s).*\\s" + content + "\\s.*"), history::toString);
        Result images = jocker.run("images", "--format", "json");
        assertContains(images.stdout(), "\"Size\":\"" + megabytes(content) + "\"");
    }

    /** As {@code podman save --format oci-dir} or skopeo's {@code oci:DIR} leave an image, checked as an archive is. */
    @Test
    void anOciLayoutDirectoryLoadsWithTheChecksOfAnArchive() throws Exception {
        commitChangedContainer();
        Path saved = tmp.resolve("saved.tar");
        assertOk(jocker.run("save", "-o", saved.toString(), "mine:v1"));
        assertOk(jocker.run("rmi", "mine:v1"));
        Path oci = tmp.resolve("oci");
        assertTool(tool("skopeo", "copy", "-q", "docker-archive:" + saved + ":mine:v1", "oci:" + oci + ":mine:v1"));
        JsonNode manifest = json(oci.resolve(blob(json(oci.resolve("index.json")).get("manifests").get(0))));
        JsonNode layers = manifest.get("layers");
        Path changed = copy(oci, "changed");
        Files.writeString(tmp.resolve("other"), "other content\n");
        assertTool(tool("tar", "-cf", changed.resolve(blob(layers.get(layers.size() - 1))).toString(), "-C", tmp.toString(), "other"));
        Path escaping = copy(oci, "escaping");
        Path config = escaping.resolve(blob(manifest.get("config")));
        Files.delete(config);
        Files.createSymbolicLink(config, Path.of("/etc/passwd"));
        String before = jocker.run("images", "-q").stdout();

        for (Path bad : List.of(changed, escaping)) {
            Result refused = jocker.run("load", "-i", bad.toString());
            assertEquals(1, refused.exitCode(), refused::toString); // Docker's client: 1 for a refused archive
            assertEquals(1, refused.stderr().lines().count(), refused::toString);
            assertContains(refused.stderr(), bad == changed ? "does not match its" : "points outside the archive");
            assertEquals(before, jocker.run("images", "-q").stdout(), "no image was added");
            try (var left = Files.list(jocker.root().resolve("image/overlay/tmp"))) {
                assertEquals(List.of(), left.toList(), "nothing half-written in the image store");
            }
        }
        Result load = jocker.run("load", "-i", oci.toString());
        assertOk(load);
        assertEquals("Loaded image: mine:v1\n", load.stdout());
        assertEquals("hi\n", jocker.run("run", "--rm", "mine:v1").stdout());
    }

    @Test
    void saveAndLoadRoundTripThroughSkopeoAndUmoci() throws Exception {
        String id = commitChangedContainer();
        Path saved = tmp.resolve("saved.tar");
        assertOk(jocker.run("save", "-o", saved.toString(), "mine:v1", "busybox"));
        assertOk(jocker.run("rmi", "mine:v1"));

        Result load = jocker.run("load", "-i", saved.toString());
        assertOk(load);
        assertEquals("Loaded image: mine:v1\nLoaded image: busybox:latest\n", load.stdout());
        assertContains(jocker.run("images", "-q", "--no-trunc").stdout(), id);

        Path oci = tmp.resolve("oci");
        assertTool(tool("skopeo", "copy", "-q", "docker-archive:" + saved + ":mine:v1", "oci:" + oci + ":v1"));
        Path layout = tmp.resolve("layout");
        Files.createDirectories(layout);
        assertTool(tool("tar", "-xf", saved.toString(), "-C", layout.toString()));
        Path bundle = tmp.resolve("bundle");
        assertTool(tool("umoci", "unpack", "--image", layout + ":v1", bundle.toString()));
        assertEquals("hi\n", Files.readString(bundle.resolve("rootfs/hello")));
        assertFalse(Files.exists(bundle.resolve("rootfs/bin/ls")), "umoci applied our whiteout");

        Path fromSkopeo = tmp.resolve("skopeo-oci.tar");
        assertTool(tool("skopeo", "copy", "-q", "--dest-compress", "oci:" + oci + ":v1", "oci-archive:" + fromSkopeo + ":other/x:v2"));
        Path dockerArchive = tmp.resolve("skopeo-docker.tar");
        assertTool(tool("skopeo", "copy", "-q", "oci:" + oci + ":v1", "docker-archive:" + dockerArchive + ":third:v3"));
        assertEquals("Loaded image: other/x:v2\n", jocker.run("load", "-i", fromSkopeo.toString()).stdout());
        assertEquals("Loaded image: third:v3\n", jocker.run("load", "-i", dockerArchive.toString()).stdout());
        assertEquals("hi\n", jocker.run("run", "--rm", "other/x:v2", "cat", "/hello").stdout());
        assertEquals("hi\n", jocker.run("run", "--rm", "third:v3", "cat", "/hello").stdout());

        // A layer that another tool wrote (umoci, with Go's archive/tar) is saved with its exact bytes.
        Path deep = Files.createDirectories(bundle.resolve("rootfs/umoci/" + "d".repeat(120)));
        Files.writeString(deep.resolve("file"), "from umoci\n");
        Files.createLink(bundle.resolve("rootfs/umoci/hard"), deep.resolve("file"));
        Files.delete(bundle.resolve("rootfs/bin/cat"));
        assertTool(tool("umoci", "repack", "--image", layout + ":v4", bundle.toString()));
        Path fromUmoci = tmp.resolve("umoci-docker.tar");
        assertTool(tool("skopeo", "copy", "-q", "oci:" + layout + ":v4", "docker-archive:" + fromUmoci + ":fourth:v4"));
        assertEquals("Loaded image: fourth:v4\n", jocker.run("load", "-i", fromUmoci.toString()).stdout());
        Path resaved = tmp.resolve("resaved.tar");
        assertOk(jocker.run("save", "-o", resaved.toString(), "fourth:v4"));
        Path blobs = tmp.resolve("resaved");
        Files.createDirectories(blobs);
        assertTool(tool("tar", "-xf", resaved.toString(), "-C", blobs.toString()));
        try (var files = Files.list(blobs.resolve("blobs/sha256"))) {
            for (Path blob : files.toList()) {
                assertEquals(blob.getFileName().toString(), tool("sha256sum", blob.toString()).stdout().substring(0, 64),
                        "a blob's digest is its name");
            }
        }
    }

    @Test
    void badInputFailsWithOneLineAndExit1LeavingNothing() throws Exception {
        assertOk(jocker.run("run", "--name", "gone", "busybox", "true"));
        assertOk(jocker.run("rm", "gone"));
        String before = jocker.run("images", "-q").stdout();
        Path evil = tmp.resolve("evil.tar");
        Files.writeString(tmp.resolve("manifest.json"), "[{\"Config\":\"../../../../etc/passwd\",\"Layers\":[]}]");
        assertTool(tool("tar", "-cf", evil.toString(), "-C", tmp.toString(), "manifest.json"));

        List<Result> bad = new ArrayList<>();
        bad.add(jocker.run("commit", "gone", "x"));
        assertOk(jocker.run("run", "--name", "c", "busybox", "true"));
        bad.add(jocker.run("commit", "c", "UPPER:tag"));
        bad.add(jocker.run("commit", "c", ""));
        bad.add(jocker.run("load", "-i", evil.toString()));
        bad.add(jocker.run("load", "-i", tmp.resolve("missing.tar").toString()));
        bad.add(jocker.run("save", "-o", tmp.resolve("out.tar").toString(), "nosuch"));
        bad.add(jocker.run("history", "nosuch"));

        List<String> expected = List.of("No such container: gone", "repository name must be lowercase",
                "invalid reference format", "points outside the archive", "no such file or directory",
                "Unable to find image 'nosuch:latest'", "Unable to find image 'nosuch:latest'");
        for (int i = 0; i < bad.size(); i++) {
            Result r = bad.get(i);
            // Docker's client exits 1 for these; 125 is for a wrong command line and for run.
            assertEquals(1, r.exitCode(), r::toString);
            assertEquals(1, r.stderr().lines().count(), r::toString);
            assertContains(r.stderr(), expected.get(i));
        }
        assertEquals(before, jocker.run("images", "-q").stdout(), "no image was added");
        assertFalse(Files.exists(tmp.resolve("out.tar")), "a failed save leaves no file");
        try (var left = Files.list(jocker.root().resolve("image/overlay/tmp"))) {
            assertEquals(List.of(), left.toList(), "nothing half-written in the image store");
        }
    }

    /** What Docker counts: regular files' bytes, a symbolic link's target's length, nothing for the rest. */
    private static long contentSize(Path tar) throws IOException {
        long total = 0;
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.isSymbolicLink()) {
                    total += e.getLinkName().getBytes(StandardCharsets.UTF_8).length;
                } else if (e.isFile() && !e.isLink()) {
                    total += e.getSize();
                }
            }
        }
        return total;
    }

    /** As the CLI writes sizes from 1 MB to 1 GB: three significant digits. */
    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.3gMB", bytes / 1e6);
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    private static String blob(JsonNode descriptor) {
        return "blobs/sha256/" + descriptor.get("digest").asText().substring("sha256:".length());
    }

    private Path copy(Path dir, String name) throws Exception {
        Path copy = tmp.resolve(name);
        assertTool(tool("cp", "-a", dir.toString(), copy.toString()));
        return copy;
    }

    private static List<String> tarNames(Path tar) throws Exception {
        Result r = tool("tar", "-tf", tar.toString());
        return r.stdout().lines().map(l -> l.endsWith("/") ? l.substring(0, l.length() - 1) : l).toList();
    }

    private static Result tool(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed; install it with apt-get install -y skopeo umoci", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(out), new String(err));
    }

    private static void assertTool(Result r) {
        assertEquals(0, r.exitCode(), r::toString);
    }
}
