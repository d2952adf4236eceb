package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli.Result;
import io.jocker.testing.JockerCli.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jocker run} in the foreground, for real: namespaces, rootfs, hardening, exit codes. */
class RunIT extends ContainerFixture {

    /** A JVM per command, as a user's first command after an idle spell runs; the other tests run warm. */
    @Override
    Route route() {
        return Route.JVM;
    }

    @Test
    void theCommandIsPid1AndSeesOnlyItsOwnProcesses() throws Exception {
        Result r = runBusybox("sh", "-c", "echo $$; ps -o pid,comm");
        assertOk(r);
        List<String> lines = r.stdout().lines().toList();
        assertEquals("1", lines.get(0));
        assertEquals(3, lines.size(), "header, sh and ps only:\n" + r.stdout());
    }

    @Test
    void hostnameIsTheShortIdOrTheGivenOne() throws Exception {
        Result given = jocker.run("run", "--rm", "-h", "box1", "busybox", "hostname");
        assertOk(given);
        assertEquals("box1\n", given.stdout());
        Result fileAndEnv = jocker.run("run", "--rm", "--hostname", "box2", "busybox", "sh", "-c", "cat /etc/hostname; echo $HOSTNAME");
        assertEquals("box2\nbox2\n", fileAndEnv.stdout());
        Result generated = runBusybox("hostname");
        assertOk(generated);
        assertTrue(generated.stdout().trim().matches("[0-9a-f]{12}"), generated::toString);
    }

    @Test
    void hostMountsAreInvisibleAndTheRootIsTheImage() throws Exception {
        Result r = runBusybox("cat", "/proc/self/mountinfo");
        assertOk(r);
        for (String line : r.stdout().lines().toList()) {
            String mountPoint = line.split(" ")[4];
            assertFalse(mountPoint.startsWith(jocker.root().toString()) || mountPoint.startsWith("/work")
                    || mountPoint.startsWith("/tmp/"), "a host mount point is visible: " + line);
        }
        Result ls = runBusybox("ls", "/");
        assertContains(ls.stdout(), "bin", "etc", "proc", "dev", "sys");
        assertFalse(ls.stdout().contains("work"));
    }

    @Test
    void procDevAndSysAreSetUpAsDockerDoes() throws Exception {
        Result r = runBusybox("sh", "-c",
                "ls /dev; ls /dev/pts; test -c /dev/null && echo null-ok; head -c 4 /dev/zero | wc -c;"
                        + " grep -E ' /sys | /proc | /dev/shm | /dev/mqueue ' /proc/self/mounts");
        assertOk(r);
        assertContains(r.stdout(), "null", "zero", "full", "random", "urandom", "tty", "ptmx", "shm", "mqueue", "null-ok", "4\n");
        assertContains(r.stdout(), "sysfs /sys sysfs ro", "proc /proc proc rw,nosuid,nodev,noexec");
        Result devices = runBusybox("sh", "-c", "ls /dev | wc -l");
        assertTrue(Integer.parseInt(devices.stdout().trim()) < 20, "no host devices: " + devices.stdout());
    }

    @Test
    void noFileDescriptorOfJockerReachesTheContainer() throws Exception {
        Result r = runBusybox("ls", "/proc/self/fd");
        assertOk(r);
        assertEquals(List.of("0", "1", "2", "3"), r.stdout().lines().toList(), "0-2 and ls's own directory fd");
    }

    @Test
    void theEnvironmentIsTheImagesPlusFlagsAndNothingOfTheHosts() throws Exception {
        Path envFile = tmp.resolve("env");
        Files.writeString(envFile, "# comment\nFROM_FILE=yes\n\nSPACED=a b\n");
        jocker.env("LEAKY_HOST_VAR", "secret");
        Result r = jocker.run("run", "--rm", "-e", "A=1", "-e", "B=two words", "--env-file", envFile.toString(),
                "busybox", "env");
        assertOk(r);
        List<String> env = r.stdout().lines().sorted().toList();
        assertTrue(env.contains("A=1") && env.contains("B=two words") && env.contains("FROM_FILE=yes") && env.contains("SPACED=a b"), r.stdout());
        assertTrue(env.stream().anyMatch(e -> e.startsWith("PATH=")), r.stdout());
        assertTrue(env.contains("HOME=/root"), r.stdout());
        assertTrue(env.stream().anyMatch(e -> e.startsWith("HOSTNAME=")), r.stdout());
        assertFalse(r.stdout().contains("LEAKY_HOST_VAR"), r.stdout());
        assertFalse(r.stdout().contains("JAVA_HOME"), r.stdout());
        assertFalse(r.stdout().contains("TERM="), "TERM only with -t");
    }

    @Test
    void argumentsArriveExactly() throws Exception {
        List<String> args = List.of("a b", "\"quoted\"", "'single'", "ünïcödé ✓", "$HOME", "", "--flag", "-e");
        String[] command = new String[args.size() + 3];
        command[0] = "sh";
        command[1] = "-c";
        command[2] = "for a in \"$@\"; do echo \"[$a]\"; done";
        String[] full = new String[command.length + 1];
        System.arraycopy(command, 0, full, 0, 3);
        full[3] = "sh";
        for (int i = 0; i < args.size(); i++) {
            full[4 + i] = args.get(i);
        }
        Result r = runBusybox(Arrays.copyOf(full, 4 + args.size()));
        assertOk(r);
        assertEquals(args.stream().map(a -> "[" + a + "]").toList(), r.stdout().lines().toList());
    }

    @Test
    void exitCodesFollowDocker() throws Exception {
        assertEquals(0, runBusybox("true").exitCode());
        assertEquals(3, runBusybox("sh", "-c", "exit 3").exitCode());
        Result notFound = runBusybox("no-such-command");
        assertEquals(127, notFound.exitCode(), notFound::toString);
        assertContains(notFound.stderr(), "executable file not found in $PATH");
        Result notExecutable = runBusybox("/etc/passwd");
        assertEquals(126, notExecutable.exitCode(), notExecutable::toString);
        Result missingImage = jocker.run("run", "--rm", "no-such-image");
        assertEquals(125, missingImage.exitCode());
        assertContains(missingImage.stderr(), "Unable to find image 'no-such-image:latest' locally");
        Result badFlag = jocker.run("run", "--no-such-flag", "busybox");
        assertEquals(125, badFlag.exitCode());
    }

    @Test
    void workdirAndUser() throws Exception {
        Result r = jocker.run("run", "--rm", "-w", "/tmp/new dir", "-u", "1000:1001", "busybox", "sh", "-c", "pwd; id -u; id -g");
        assertOk(r);
        assertEquals("/tmp/new dir\n1000\n1001\n", r.stdout());
        Result named = jocker.run("run", "--rm", "-u", "nobody", "busybox", "id", "-un");
        assertOk(named);
        assertEquals("nobody\n", named.stdout());
    }

    @Test
    void entrypointOverride() throws Exception {
        Result r = jocker.run("run", "--rm", "--entrypoint", "echo", "busybox", "from", "entrypoint");
        assertOk(r);
        assertEquals("from entrypoint\n", r.stdout());
    }

    @Test
    void defaultCapabilitiesAreDockersAndMountIsRefused() throws Exception {
        Result caps = runBusybox("grep", "-E", "^Cap(Eff|Prm|Bnd|Inh)", "/proc/self/status");
        assertOk(caps);
        assertContains(caps.stdout(), "CapEff:\t00000000a80425fb", "CapPrm:\t00000000a80425fb", "CapBnd:\t00000000a80425fb");
        Result mount = runBusybox("mount", "-t", "tmpfs", "none", "/mnt");
        assertNotEquals(0, mount.exitCode(), mount::toString);
    }

    @Test
    void maskedAndReadOnlyPaths() throws Exception {
        Result masked = runBusybox("sh", "-c", "wc -c < /proc/timer_list; wc -c < /proc/keys; ls /sys/firmware | wc -l");
        assertOk(masked);
        assertEquals(List.of("0", "0", "0"), masked.stdout().lines().map(String::trim).toList());
        Result sys = runBusybox("sh", "-c", "echo x > /proc/sys/kernel/domainname");
        assertNotEquals(0, sys.exitCode());
        assertContains(sys.stderr(), "Read-only file system");
        Result readOnly = runBusybox("sh", "-c", "grep -E ' /proc/(sys|bus|fs|irq) ' /proc/self/mountinfo");
        for (String line : readOnly.stdout().lines().toList()) {
            assertTrue(line.split(" ")[5].startsWith("ro"), line);
        }
        assertContains(readOnly.stdout(), " /proc/sys ");
    }

    @Test
    void privilegedTurnsTheHardeningOff() throws Exception {
        Result r = jocker.run("run", "--rm", "--privileged", "busybox", "sh", "-c",
                "grep CapEff /proc/self/status; mount -t tmpfs none /tmp && echo mounted; cat /proc/timer_list | wc -c");
        assertOk(r);
        String hostBounding = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapBnd:")).findFirst().orElseThrow().substring("CapBnd:".length()).trim();
        assertContains(r.stdout(), "CapEff:\t" + hostBounding, "mounted");
        assertNotEquals("0", r.stdout().lines().toList().get(2).trim(), "nothing masked");
    }

    @Test
    void aKeptContainerIsListedAndRemovable() throws Exception {
        Result r = jocker.run("run", "--name", "kept", "busybox", "sh", "-c", "echo data > /kept; exit 4");
        assertEquals(4, r.exitCode(), r::toString);
        Result ps = jocker.run("ps", "-a");
        assertContains(ps.stdout(), "kept", "Exited (4)");
        assertFalse(jocker.run("ps").stdout().contains("kept"), "not running");
        Result rm = jocker.run("rm", "kept");
        assertOk(rm);
        assertFalse(jocker.run("ps", "-a").stdout().contains("kept"));
    }

    @Test
    void rmRemovesEverythingWithRm() throws Exception {
        assertOk(runBusybox("true"));
        assertEquals("", jocker.run("ps", "-aq").stdout());
        try (var dirs = Files.list(jocker.root().resolve("containers"))) {
            assertEquals(0, dirs.count());
        }
    }

    @Test
    void hostileTarsAreRefusedAndLeaveNoImage() throws Exception {
        Path evil = tmp.resolve("evil.tar");
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(Files.newOutputStream(evil))) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("../../escaped");
            byte[] data = "owned".getBytes();
            entry.setSize(data.length);
            out.putArchiveEntry(entry);
            out.write(data);
            out.closeArchiveEntry();
        }
        Result r = jocker.run("import", evil.toString(), "evil");
        assertEquals(1, r.exitCode(), r::toString);
        assertFalse(Files.exists(tmp.resolve("escaped")));
        assertFalse(Files.exists(jocker.root().resolve("escaped")));
        assertFalse(jocker.run("images").stdout().contains("evil"));
    }
}
