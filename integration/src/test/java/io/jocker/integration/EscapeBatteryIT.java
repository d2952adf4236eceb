package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.testing.JockerCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's escape battery: attempts to reach past a container's walls, each of which must fail
 * as it fails under Docker's defaults, in a container and in an exec. The probes are a small
 * static C program (src/test/c/escape-probes.c), compiled by this test with the host's cc (busybox
 * has no applet for most of these calls); every probe is harmless even when it succeeds, so that
 * a regression is reported and never changes the host. With {@code --privileged}, what is then
 * allowed is checked too, as README lists it.
 */
class EscapeBatteryIT extends ContainerFixture {

    private static final Path SOURCE = Path.of(System.getProperty("jocker.repo", "..")).toAbsolutePath().normalize()
            .resolve("integration/src/test/c/escape-probes.c");
    private static final Pattern PID = Pattern.compile("\"Pid\"\\s*:\\s*(\\d+)");

    /** Docker's defaults: what each probe gets in a default container. */
    private static Map<String, String> deniedByDefault() {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String syscall : List.of("unshare-user", "unshare-mount", "mount-proc", "umount-masked", "keyctl", "add_key",
                "bpf", "perf_event_open", "kexec_load", "init_module", "open_by_handle_at", "userfaultfd", "settimeofday",
                "swapon", "reboot")) {
            expected.put(syscall, "EPERM");
        }
        // CAP_MKNOD is Docker's, but the devices cgroup refuses to open the node.
        expected.put("mknod-block-open", "EPERM");
        expected.put("write-proc-sys", "EROFS");
        // A path this kernel lacks is not there to mask or protect (this host has no /proc/kcore, say).
        expected.put("write-sysrq-trigger", Files.exists(Path.of("/proc/sysrq-trigger")) ? "EROFS" : "ENOENT");
        expected.put("read-kcore", Files.exists(Path.of("/proc/kcore")) ? "EMPTY" : "ENOENT");
        // Another container's process is not there at all in this one's PID namespace.
        expected.put("ptrace-other", "ESRCH");
        return expected;
    }

    @Test
    void aDefaultContainerAndAnExecInItFailEveryProbeAsDockerDoes() throws Exception {
        Path probes = compileProbes();
        String other = detached("--name", "other", "busybox", "sleep", "300");
        String otherPid = hostPid(other);
        Map<String, String> expected = deniedByDefault();
        List<String> args = probeArgs(expected, otherPid);

        Result run = jocker.run(concat(List.of("run", "--rm", "-v", probes.getParent() + ":/probe:ro", "busybox"), args));
        assertOk(run);
        assertEquals(expected, results(run.stdout()), run::toString);

        detached("--name", "box", "-v", probes.getParent() + ":/probe:ro", "busybox", "sleep", "300");
        Result exec = jocker.run(concat(List.of("exec", "box"), args));
        assertOk(exec);
        assertEquals(expected, results(exec.stdout()), exec::toString);
    }

    @Test
    void aPrivilegedContainerIsAllowedWhatReadmeSays() throws Exception {
        Path probes = compileProbes();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("unshare-user", "OK");
        expected.put("unshare-mount", "OK");
        expected.put("mount-proc", "OK");
        // Nothing is masked: /proc/kcore, where this kernel has one, is not a mount point.
        expected.put("umount-masked", Files.exists(Path.of("/proc/kcore")) ? "EINVAL" : "ENOENT");
        expected.put("keyctl", "OK");
        expected.put("add_key", "OK");
        // The calls below are let through: the kernel then refuses the probes' invalid arguments.
        expected.put("bpf", "EINVAL");
        expected.put("open_by_handle_at", "EINVAL");
        expected.put("userfaultfd", "OK");
        expected.put("settimeofday", "OK");
        expected.put("swapon", "ENOENT");
        // In a PID namespace of its own, reboot ends the container, never the host; this command is refused.
        expected.put("reboot", "EINVAL");
        expected.put("mknod-block-open", "OK");
        expected.put("write-proc-sys", "OK");
        Result run = jocker.run(concat(List.of("run", "--rm", "--privileged", "-v", probes.getParent() + ":/probe:ro", "busybox"),
                probeArgs(expected, "0")));
        assertOk(run);
        assertEquals(expected, results(run.stdout()), run::toString);
    }

    private Path compileProbes() throws Exception {
        Path binary = Files.createDirectories(tmp.resolve("probes")).resolve("escape-probes");
        Process cc = new ProcessBuilder("cc", "-static", "-O2", "-Wall", "-Werror", "-o", binary.toString(), SOURCE.toString())
                .redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes());
        assertEquals(true, cc.waitFor(120, TimeUnit.SECONDS), "cc did not end");
        assertEquals(0, cc.exitValue(), () -> "cc failed:\n" + output);
        return binary;
    }

    private String hostPid(String container) throws Exception {
        Result inspect = jocker.run("inspect", container);
        assertOk(inspect);
        Matcher pid = PID.matcher(inspect.stdout());
        assertEquals(true, pid.find(), inspect::toString);
        return pid.group(1);
    }

    private static List<String> probeArgs(Map<String, String> expected, String otherPid) throws Exception {
        List<String> args = new ArrayList<>(List.of("/probe/escape-probes"));
        for (String probe : expected.keySet()) {
            args.add(switch (probe) {
                case "ptrace-other" -> probe + "=" + otherPid;
                case "mknod-block-open" -> probe + "=" + hostBlockDevice();
                default -> probe;
            });
        }
        return args;
    }

    /** MAJOR:MINOR of a block device the host has: opening one it lacks could make the kernel load a driver. */
    private static String hostBlockDevice() throws Exception {
        try (Stream<Path> devices = Files.list(Path.of("/sys/dev/block"))) {
            return devices.map(d -> d.getFileName().toString()).sorted().findFirst()
                    .orElseThrow(() -> new AssertionError("this host has no block device"));
        }
    }

    private static Map<String, String> results(String stdout) {
        Map<String, String> results = new LinkedHashMap<>();
        stdout.lines().map(line -> line.split(" ", 2)).forEach(parts -> results.put(parts[0], parts.length > 1 ? parts[1] : ""));
        return results;
    }

    private static String[] concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all.toArray(String[]::new);
    }
}
