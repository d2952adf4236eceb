package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Bind mounts, named and anonymous volumes, tmpfs, {@code --read-only} and {@code jocker volume}, for real. */
class VolumesIT extends ContainerFixture {

    @Test
    void bindMountSharesAHostDirectoryCreatingAMissingOne() throws Exception {
        Path host = tmp.resolve("host/new");
        Result r = runRm("-v", host + ":/data", "busybox", "sh", "-c", "echo from-container > /data/f; grep ' /data ' /proc/self/mountinfo");
        assertOk(r);
        assertEquals("from-container\n", Files.readString(host.resolve("f")));
        Result file = jocker.run("run", "--rm", "-v", host.resolve("f") + ":/etc/motd:ro", "busybox", "cat", "/etc/motd");
        assertEquals("from-container\n", file.stdout(), file::toString);
    }

    @Test
    void readOnlyMountsFailWritesWithErofsDownToTheirSubmounts() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("ro"));
        Path sub = Files.createDirectory(host.resolve("sub"));
        mountTmpfs(sub);
        try {
            Result r = jocker.run("run", "--rm", "-v", host + ":/data:ro", "--mount", "type=bind,src=" + host + ",dst=/m,readonly",
                    "busybox", "sh", "-c", "touch /data/x; touch /data/sub/x; touch /m/x; echo done");
            assertOk(r);
            assertEquals("done\n", r.stdout());
            assertEquals(3, r.stderr().lines().filter(l -> l.endsWith("Read-only file system")).count(), r::toString);
            try (Stream<Path> files = Files.list(sub)) {
                assertEquals(0, files.count());
            }
            Files.writeString(sub.resolve("host-still-writes"), "yes");
        } finally {
            unmount(sub);
        }
    }

    @Test
    void mountsMadeInsideABindNeverReachTheHost() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("prop/sub"));
        Result r = jocker.run("run", "--rm", "--privileged", "-v", host.getParent() + ":/data:rshared", "busybox", "sh", "-c",
                "mount -t tmpfs inner /data/sub && touch /data/sub/in-tmpfs && grep -c inner /proc/self/mounts");
        assertOk(r);
        assertEquals("1\n", r.stdout());
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(host.toString()), "the mount reached the host");
        assertFalse(Files.exists(host.resolve("in-tmpfs")));
    }

    @Test
    void namedVolumeIsCreatedOnFirstUseAndKeepsItsData() throws Exception {
        assertOk(runRm("-v", "cache:/data", "busybox", "sh", "-c", "echo kept > /data/f"));
        Result second = runRm("-v", "cache:/var/cache/x", "busybox", "cat", "/var/cache/x/f");
        assertEquals("kept\n", second.stdout(), second::toString);
        Result inspect = jocker.run("volume", "inspect", "cache");
        assertOk(inspect);
        Path data = jocker.root().resolve("volumes/cache/_data");
        assertContains(inspect.stdout(), "\"Mountpoint\": \"" + data + "\"", "\"Name\": \"cache\"", "\"Driver\": \"local\"");
        assertEquals("kept\n", Files.readString(data.resolve("f")));
        assertEquals("cache\n", jocker.run("volume", "ls", "-q").stdout());
    }

    @Test
    void aNewVolumeGetsTheImagesFilesUnlessNocopy() throws Exception {
        Result copied = runRm("-v", "etc:/etc", "busybox", "sh", "-c", "head -1 /etc/passwd; echo added > /etc/added");
        assertEquals("root:x:0:0:root:/root:/bin/sh\n", copied.stdout(), copied::toString);
        Path data = jocker.root().resolve("volumes/etc/_data");
        assertTrue(Files.exists(data.resolve("passwd")));
        Result again = runRm("-v", "etc:/etc", "busybox", "cat", "/etc/added");
        assertEquals("added\n", again.stdout(), "a volume with data is not copied into again");
        Result nocopy = runRm("-v", "bare:/etc:nocopy", "busybox", "sh", "-c", "test -e /etc/passwd || echo no-passwd");
        assertEquals("no-passwd\n", nocopy.stdout(), nocopy::toString);
    }

    @Test
    void aVolumeInUseCannotBeRemoved() throws Exception {
        assertOk(jocker.run("run", "--name", "user", "-v", "busy:/data", "busybox", "true"));
        String id = jocker.run("ps", "-aq", "--no-trunc").stdout().trim();
        Result refused = jocker.run("volume", "rm", "busy");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals("jocker: remove busy: volume is in use - [" + id + "]\n", refused.stderr());
        assertEquals("busy\n", jocker.run("volume", "ls", "-q", "-f", "dangling=false").stdout());
        assertOk(jocker.run("rm", "user"));
        assertEquals("busy\n", jocker.run("volume", "ls", "-q", "-f", "dangling=true").stdout());
        Result removed = jocker.run("volume", "rm", "busy");
        assertEquals("busy\n", removed.stdout(), removed::toString);
        assertFalse(Files.exists(jocker.root().resolve("volumes/busy")));
    }

    @Test
    void anonymousVolumesGoWithRmVAndRunRmAndPrune() throws Exception {
        assertOk(runRm("-v", "/gone", "busybox", "true"));
        assertEquals("", jocker.run("volume", "ls", "-q").stdout(), "run --rm removes its anonymous volume");

        assertOk(jocker.run("run", "--name", "a", "-v", "/anon", "-v", "named:/named", "busybox", "true"));
        List<String> volumes = jocker.run("volume", "ls", "-q").stdout().lines().toList();
        assertEquals(2, volumes.size(), volumes::toString);
        assertOk(jocker.run("rm", "-v", "a"));
        assertEquals("named\n", jocker.run("volume", "ls", "-q").stdout(), "rm -v keeps named volumes");

        assertOk(jocker.run("run", "--name", "b", "-v", "/anon", "busybox", "true"));
        assertOk(jocker.run("rm", "b"));
        String anonymous = jocker.run("volume", "ls", "-q", "-f", "label=com.docker.volume.anonymous").stdout().trim();
        assertTrue(anonymous.matches("[0-9a-f]{64}"), anonymous);

        Path no = Files.writeString(tmp.resolve("no"), "n\n");
        Result declined = jocker.runWithInput(no, "volume", "prune");
        assertContains(declined.stdout(), "Are you sure you want to continue? [y/N]");
        assertEquals(2, jocker.run("volume", "ls", "-q").stdout().lines().count());
        Result pruned = jocker.run("volume", "prune", "-f");
        assertEquals("Deleted Volumes:\n" + anonymous + "\n\nTotal reclaimed space: 0B\n", pruned.stdout(), pruned::toString);
        assertEquals("named\n", jocker.run("volume", "ls", "-q").stdout());
        Path yes = Files.writeString(tmp.resolve("yes"), "y\n");
        assertContains(jocker.runWithInput(yes, "volume", "prune", "--all").stdout(), "Deleted Volumes:\nnamed\n");
        assertEquals("", jocker.run("volume", "ls", "-q").stdout());
    }

    @Test
    void readOnlyRootWithTmpfsAndVolumesStillWritable() throws Exception {
        Result r = runRm("--read-only", "--tmpfs", "/run:size=1m", "--mount", "type=tmpfs,dst=/scratch,tmpfs-mode=1777",
                "-v", "rw:/data", "busybox", "sh", "-c",
                "touch /x; touch /run/ok /data/ok /scratch/ok && echo writable; grep -E ' /run | /scratch ' /proc/self/mounts");
        assertOk(r);
        assertContains(r.stderr(), "touch: /x: Read-only file system");
        assertContains(r.stdout(), "writable\n", "tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k",
                "tmpfs /scratch tmpfs rw,nosuid,nodev,noexec,relatime");
    }

    @Test
    void volumeContentsStayOutOfTheContainersLayer() throws Exception {
        assertOk(jocker.run("run", "--name", "w", "-v", "secrets:/data", "-v", tmp.resolve("bound") + ":/bound", "busybox",
                "sh", "-c", "echo s > /data/volume-file; echo b > /bound/bind-file; echo r > /layer-file"));
        List<String> found = new ArrayList<>();
        Path volumes = jocker.root().resolve("volumes");
        try (Stream<Path> files = Files.walk(jocker.root())) {
            files.filter(p -> !p.startsWith(volumes)).map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-file"))
                    .forEach(found::add);
        }
        assertEquals(List.of("layer-file"), found, "only the rootfs write belongs to the container's layer");
    }

    @Test
    void badMountsFailWith125AndLeaveNothingBehind() throws Exception {
        Path absent = tmp.resolve("absent");
        List<List<String>> bad = List.of(
                List.of("-v", absent + ":/proc"), List.of("-v", absent + ":/proc/sys/x"), List.of("-v", absent + ":/"),
                List.of("-v", absent + ":/a/../b"), List.of("-v", absent + ":relative"), List.of("-v", "bad name:/x"),
                List.of("-v", absent + ":/x:rx"), List.of("--mount", "type=bind,src=" + absent + ",dst=/x"),
                List.of("--mount", "type=nfs,dst=/x"), List.of("--tmpfs", "/"), List.of("--mount", "type=tmpfs,dst=/x,tmpfs-size=huge"),
                List.of("-v", "v1:/same", "-v", absent + ":/same"));
        for (List<String> flags : bad) {
            List<String> args = new ArrayList<>(List.of("run", "--rm"));
            args.addAll(flags);
            args.addAll(List.of("busybox", "true"));
            Result r = jocker.run(args.toArray(String[]::new));
            assertEquals(125, r.exitCode(), () -> flags + ": " + r);
            assertEquals(1, r.stderr().lines().count(), () -> flags + ": " + r);
            assertTrue(r.stderr().startsWith("jocker: "), () -> flags + ": " + r);
        }
        assertEquals("", jocker.run("ps", "-aq").stdout());
        assertEquals("", jocker.run("volume", "ls", "-q").stdout());
        assertFalse(Files.exists(absent));
        Result badName = jocker.run("volume", "create", "../escape");
        assertEquals(1, badName.exitCode(), badName::toString);
        assertContains(badName.stderr(), "includes invalid characters for a local volume name");
    }

    @Test
    void volumeCommandsAnswerAsDockerDoes() throws Exception {
        assertEquals("v1\n", jocker.run("volume", "create", "--label", "k=v", "v1").stdout());
        assertEquals("v1\n", jocker.run("volume", "create", "v1").stdout(), "creating an existing volume returns it");
        // Docker's tabwriter makes every column at least 10 wide.
        assertEquals("DRIVER    VOLUME NAME\nlocal     v1\n", jocker.run("volume", "ls").stdout());
        assertContains(jocker.run("volume", "inspect", "v1").stdout(), "\"Labels\": {\n            \"k\": \"v\"\n        }");
        Result missing = jocker.run("volume", "inspect", "nope");
        assertEquals(1, missing.exitCode());
        assertEquals("jocker: get nope: no such volume\n", missing.stderr());
        assertEquals(1, jocker.run("volume", "rm", "nope").exitCode());
        Result forced = jocker.run("volume", "rm", "-f", "nope", "v1");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertEquals("v1\n", forced.stdout());
    }

    /** Runs {@code jocker run --rm ARGS...}, flags and image included in ARGS. */
    private Result runRm(String... args) throws Exception {
        List<String> full = new ArrayList<>(List.of("run", "--rm"));
        full.addAll(List.of(args));
        return jocker.run(full.toArray(String[]::new));
    }

    private static void mountTmpfs(Path target) throws Exception {
        exec("mount", "-t", "tmpfs", "jocker-test", target.toString());
    }

    private static void unmount(Path target) throws Exception {
        exec("umount", target.toString());
    }

    private static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), () -> String.join(" ", command));
        assertEquals(0, p.exitValue(), () -> String.join(" ", command));
    }
}
