package io.jocker.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.linux.Credentials;
import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.MountInfo;
import io.jocker.linux.Mounts;
import io.jocker.linux.ProcStat;
import io.jocker.linux.Processes;
import io.jocker.spi.CgroupMount;
import io.jocker.spi.CommandInvocationException;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ContainerSpec;
import io.jocker.spi.ExitStatus;
import io.jocker.spi.IsolationException;
import io.jocker.spi.Isolator;
import io.jocker.spi.Mount;
import io.jocker.spi.ProcessSpec;
import io.jocker.spi.Security;
import io.jocker.spi.Stdio;
import io.jocker.spi.User;
import io.jocker.testing.Children;
import io.jocker.testing.LeakCheck;
import io.jocker.testing.image.BusyboxRootfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts real containers on a busybox root file system; needs root. */
class NamespaceIsolatorTest {

    private static final List<String> ENV = List.of("PATH=/bin", "HOME=/root");

    @TempDir static Path shared;
    private static Path rootfs;

    @TempDir Path temp;

    private final Isolator isolator = new NamespaceIsolator();
    private final List<Long> started = new ArrayList<>();
    private Set<String> netDevicesBefore;

    @BeforeAll
    static void buildRootfs() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "containers need root");
        rootfs = BusyboxRootfs.unpackInto(Files.createDirectory(shared.resolve("rootfs")));
    }

    @BeforeEach
    void rememberDevices() throws IOException {
        netDevicesBefore = LeakCheck.networkDevices();
    }

    @AfterEach
    void nothingLeaked() throws Exception {
        assertEquals(List.of(), MountInfo.mountsUnder(shared), "mounts leaked under the rootfs");
        assertEquals(List.of(), MountInfo.mountsUnder(temp), "mounts leaked under the test dir");
        for (long pid : started) {
            assertTrue(ProcStat.startTime(pid).isEmpty(), "process " + pid + " is still there");
        }
        assertEquals(List.of(), Children.remainingAfter(Duration.ofSeconds(5)), "processes left behind");
        assertEquals(netDevicesBefore, LeakCheck.networkDevices(), "network devices changed");
    }

    @Test
    void commandIsPid1AndSeesOnlyItsOwnProcesses() throws Exception {
        Result r = run(sh("echo $$; ps -o pid,comm; true"));
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        List<String> lines = r.out().lines().map(String::trim).toList();
        assertEquals("1", lines.get(0));
        assertEquals(4, lines.size(), "$$, the header, sh and ps: " + lines);
        assertEquals("1 sh", lines.get(2).replaceAll(" +", " "));
        assertTrue(lines.get(3).matches("[0-9]+ ps"), lines.get(3));
    }

    @Test
    void openSparesKeepsAnInitReadyThatTheNextContainerStartsOnUntilClosed() throws Exception {
        Isolator.Spares spares = isolator.openSpares().orElseThrow();
        try {
            // The second spare is spawned only once the first is ready to be taken.
            List<String> spareInits = Children.awaitUntil(children -> children.size() == 2, Duration.ofSeconds(60));
            assertEquals(2, spareInits.size(), "two spares wait");

            Result r = run(sh("echo $$"));

            assertEquals(ExitStatus.exited(0), r.status(), r.err());
            assertEquals("1\n", r.out());
            assertTrue(spareInits.contains(Long.toString(r.pid())), "the container's init is a spare that waited: "
                    + r.pid() + " not in " + spareInits);
        } finally {
            spares.close();
            spares.close();
        }
        assertEquals(List.of(), Children.awaitUntil(List::isEmpty, Duration.ofSeconds(60)), "closing ends every spare");
    }

    @Test
    void aTrainingRunKeepsNoSpares() {
        System.setProperty(InitCommand.CLASS_LIST_PROPERTY, temp.resolve("init.classlist").toString());
        try {
            assertTrue(isolator.openSpares().isEmpty());
        } finally {
            System.clearProperty(InitCommand.CLASS_LIST_PROPERTY);
        }
    }

    @Test
    void hostnameAndMountsAreTheContainersOwn() throws Exception {
        Result r = run(sh("hostname; cat /proc/self/mountinfo | cut -d' ' -f5 | sort | tr '\\n' ' '"));
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("test-host", lines[0]);
        List<String> mounts = List.of(lines[1].trim().split(" "));
        assertTrue(mounts.containsAll(List.of("/", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/proc", "/sys",
                "/proc/sys", "/proc/keys", "/sys/firmware")), mounts.toString());
        assertTrue(mounts.stream().noneMatch(m -> m.startsWith(shared.toString()) || m.equals("/boot")
                || m.startsWith("/run") || m.startsWith("/sys/fs/cgroup")), mounts.toString());
    }

    @Test
    void procShowsTheContainerAndDevHasTheStandardDevices() throws Exception {
        Result r = run(sh("ls /proc | grep -E '^[0-9]+$' | tr '\\n' ' '; echo; ls /dev | tr '\\n' ' '; echo;"
                + " echo x > /dev/null && head -c 4 /dev/zero | wc -c && readlink /dev/ptmx"));
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("1 ", lines[0].replaceAll("\\b(?!1 )[0-9]+ ", ""), "only PID 1 and the short-lived children: " + lines[0]);
        assertEquals("core fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero ", lines[1]);
        assertEquals("4", lines[2].trim());
        assertEquals("pts/ptmx", lines[3]);
    }

    @Test
    void onlyTheStandardStreamsAreOpen() throws Exception {
        Result r = run(List.of("ls", "/proc/self/fd"));
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        assertEquals("0\n1\n2\n3\n", r.out(), "3 is the directory ls reads");
        assertEquals("", r.err(), "the init JVM writes nothing on the container's stderr");
    }

    @Test
    void aStaleOrForeignInitArchiveIsIgnoredWithoutAWordOnTheContainersOutput() throws Exception {
        Path foreign = Files.write(temp.resolve("foreign.jsa"), "not a class-data archive".getBytes(StandardCharsets.UTF_8));
        System.setProperty(InitCommand.ARCHIVE_PROPERTY, foreign.toString());
        try {
            Result r = run(sh("echo out; echo err >&2"));
            assertEquals(ExitStatus.exited(0), r.status(), r.err());
            assertEquals("out\n", r.out());
            assertEquals("err\n", r.err());
        } finally {
            System.clearProperty(InitCommand.ARCHIVE_PROPERTY);
        }
    }

    @Test
    void aTrainingRunRecordsTheInitsClassesUpToTheExec() throws Exception {
        Path classList = temp.resolve("init.classlist");
        System.setProperty(InitCommand.CLASS_LIST_PROPERTY, classList.toString());
        try {
            Result r = run(List.of("true"));
            assertEquals(ExitStatus.exited(0), r.status(), r.err());
            assertEquals("", r.out() + r.err());
        } finally {
            System.clearProperty(InitCommand.CLASS_LIST_PROPERTY);
        }
        List<String> classes = Files.readAllLines(classList);
        // CapabilityDropper runs after the pivot, just before execve: the list is complete.
        assertTrue(classes.stream().anyMatch(c -> c.startsWith("io/jocker/namespaces/CapabilityDropper")), classes.toString());
        assertTrue(classes.stream().anyMatch(c -> c.startsWith("com/sun/jna/Native")), classes.toString());
    }

    @Test
    void environmentIsExactlyTheGivenOne() throws Exception {
        Result r = run(List.of("env"), List.of("PATH=/bin", "A=b c", "EMPTY="), "/");
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        assertEquals(Set.of("PATH=/bin", "A=b c", "EMPTY="), Set.copyOf(r.out().lines().toList()));
    }

    @Test
    void argumentsArriveIntact() throws Exception {
        List<String> args = List.of("a b", "'q'", "\"dq\"", "ünïcødé ✓", "", "$HOME", "back\\slash");
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done", "sh"));
        argv.addAll(args);
        Result r = run(argv);
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        assertEquals(args.stream().map(a -> "[" + a + "]\n").collect(Collectors.joining()), r.out());
    }

    @Test
    void exitCodesAndSignalsAreReported() throws Exception {
        assertEquals(ExitStatus.exited(0), run(List.of("true")).status());
        assertEquals(ExitStatus.exited(3), run(sh("exit 3")).status());
        Result survivor = run(sh("kill -9 $$; echo still here"));
        assertEquals("still here\n", survivor.out(), "PID 1 ignores signals from inside its namespace");
    }

    @Test
    void missingCommandIsNotFoundWithDockersMessage() {
        CommandInvocationException e = assertThrows(CommandInvocationException.class, () -> run(List.of("nope")));
        assertTrue(e.notFound());
        assertEquals(127, e.exitCode());
        assertEquals("exec: \"nope\": executable file not found in $PATH", e.getMessage());
        CommandInvocationException absolute = assertThrows(CommandInvocationException.class, () -> run(List.of("/no/such")));
        assertEquals("exec: \"/no/such\": stat /no/such: no such file or directory", absolute.getMessage());
    }

    @Test
    void nonExecutableCommandIsNotExecutable() {
        CommandInvocationException e = assertThrows(CommandInvocationException.class, () -> run(List.of("/etc/passwd")));
        assertFalse(e.notFound());
        assertEquals(126, e.exitCode());
        assertEquals("exec: \"/etc/passwd\": permission denied", e.getMessage());
    }

    @Test
    void aFileTheKernelCannotExecuteIsAnExecFormatError() throws Exception {
        Path script = rootfs.resolve("no-shebang");
        Files.writeString(script, "echo a script without its #! line\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            CommandInvocationException e = assertThrows(CommandInvocationException.class, () -> run(List.of("/no-shebang")));
            assertEquals(126, e.exitCode());
            assertEquals("exec: \"/no-shebang\": exec format error", e.getMessage());
        } finally {
            Files.delete(script);
        }
    }

    /**
     * The tests that take an init past pivot_root (every command, each way its exec fails, a
     * missing working directory, another user, a read-only root) check ContainerInit's pre-pivot
     * class list only because the init's jocker classes come from directories, which are out of
     * reach after the pivot, unlike a jar the JVM holds open (see this module's pom).
     */
    @Test
    void theInitLoadsJockerFromClassDirectoriesSoThatAClassMissingFromItsPrePivotListFails() {
        List<String> entries = List.of(InitCommand.classPath().split(":"));
        List<String> jocker = entries.stream().filter(e -> !e.contains("/jna")).toList();
        assertEquals(2, jocker.size(), entries.toString());
        for (String entry : jocker) {
            assertTrue(Files.isDirectory(Path.of(entry)), entry + " is not a class directory");
        }
    }

    @Test
    void missingWorkingDirectoryFailsTheStart() {
        IsolationException e = assertThrows(IsolationException.class, () -> run(List.of("true"), ENV, "/no/dir"));
        assertFalse(e instanceof CommandInvocationException);
        assertTrue(e.getMessage().contains("chdir to cwd (\"/no/dir\")"), e.getMessage());
    }

    @Test
    void defaultSecurityGivesDockersCapabilitiesMasksAndReadOnlyPaths() throws Exception {
        Result r = run(sh("grep -E '^Cap(Eff|Bnd|Prm)' /proc/self/status | tr -s '\\t' ' ';"
                + " mount -t tmpfs tmpfs /tmp && echo mounted;"
                + " cat /proc/keys | wc -c; ls -A /proc/acpi | wc -l; ls -A /sys/firmware | wc -l;"
                + " echo 1 > /proc/sys/kernel/domainname || echo proc-sys-ro;"
                + " touch /sys/x 2>/dev/null || echo sys-ro"));
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        assertEquals("CapPrm: 00000000a80425fb\nCapEff: 00000000a80425fb\nCapBnd: 00000000a80425fb\n"
                + "0\n0\n0\nproc-sys-ro\nsys-ro\n", r.out().replaceAll("(?m)^\\s+", ""), r.err());
        assertTrue(r.err().contains("mount: permission denied"), r.err());
    }

    @Test
    void privilegedKeepsEveryCapabilityAndMasksNothing() throws Exception {
        Result r = run(spec(sh("grep CapEff /proc/self/status | cut -f2; grep -c ' /proc/keys ' /proc/self/mountinfo;"
                + " mount -t tmpfs tmpfs /tmp && echo mounted && umount /tmp; stat -c '%t:%T %a' /dev/kmsg /dev/loop-control /dev/vda"), ENV, "/", DefaultSecurity.privileged(),
                List.of(), false));
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(String.format("%016x", Credentials.get().effective()), lines[0], "all the test JVM has");
        assertEquals("0", lines[1], "nothing is masked");
        assertEquals("mounted", lines[2]);
        assertEquals(hostDevice("/dev/kmsg"), lines[3], "host devices are visible");
        assertEquals(hostDevice("/dev/loop-control"), lines[4]);
        assertEquals(hostDevice("/dev/vda"), lines[5], "a block device the device cgroup refuses to create is bound");
    }

    @Test
    void unprivilegedSeesOnlyTheStandardDevices() throws Exception {
        Result r = run(sh("ls /dev/kmsg /dev/loop-control 2>&1 | grep -c 'No such file'"));
        assertEquals("2\n", r.out(), r.err());
    }

    private static String hostDevice(String path) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%t:%T %a", path).start();
        String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, stat.waitFor());
        return out;
    }

    @Test
    void userAndGroupsAreApplied() throws Exception {
        Result r = run(ContainerSpec.builder().id("t").rootfs(rootfs).hostname("test-host")
                .process(new ProcessSpec(sh("id -u; id -g; id -G; grep CapEff /proc/self/status | cut -f2"), ENV, "/",
                        new User(65534, 65534, List.of(5))))
                .security(DefaultSecurity.defaults()).stdio(stdioPlaceholder()).build());
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        assertEquals("65534\n65534\n65534 5\n0000000000000000\n", r.out());
    }

    /**
     * The view's layout, on hierarchies that exist here: a link name of its own stands in for
     * cpu,cpuacct (this host's cpu and cpuacct are separate hierarchies).
     */
    @Test
    void cgroupHierarchiesAreMountedReadOnlyWithTheirLinksAndAUserMountReplacesOne() throws Exception {
        List<CgroupMount> cgroups = List.of(new CgroupMount("pids", "cgroup", "pids", List.of("tasks-limit")),
                new CgroupMount("freezer", "cgroup", "freezer", List.of()));
        List<Mount> mounts = List.of(new Mount("tmpfs", "tmpfs", "/sys/fs/cgroup/freezer", List.of()));
        ContainerSpec spec = ContainerSpec.builder().id("t").rootfs(rootfs).hostname("h")
                .process(new ProcessSpec(sh("ls /sys/fs/cgroup | tr '\\n' ' ';"
                        + " readlink /sys/fs/cgroup/tasks-limit;"
                        + " test -f /sys/fs/cgroup/pids/cgroup.procs && echo pids; ls /sys/fs/cgroup/freezer | wc -l;"
                        + " touch /sys/fs/cgroup/freezer/own && echo user-tmpfs-rw; touch /sys/fs/cgroup/x || echo ro"),
                        ENV, "/", User.ROOT))
                .mounts(mounts).cgroupMounts(cgroups).security(DefaultSecurity.defaults()).stdio(stdioPlaceholder()).build();
        Result r = run(spec);
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        assertEquals("freezer pids tasks-limit pids\npids\n0\nuser-tmpfs-rw\nro\n", r.out());
        assertTrue(r.err().contains("Read-only file system"), r.err());
    }

    @Test
    void bindAndTmpfsMountsAreApplied() throws Exception {
        Path data = Files.createDirectory(temp.resolve("data"));
        Files.writeString(data.resolve("f"), "from host");
        Path file = Files.writeString(temp.resolve("single"), "one file");
        List<Mount> mounts = List.of(
                new Mount("bind", data.toString(), "/data", List.of("rbind", "ro")),
                new Mount("bind", file.toString(), "/etc/single", List.of("bind")),
                new Mount("tmpfs", "tmpfs", "/scratch", List.of("nosuid", "size=1m", "mode=1777")),
                new Mount("bind", data.toString(), "/../../escape/../data2", List.of("bind")));
        Result r = run(spec(sh("cat /data/f; echo; cat /etc/single; echo; touch /data/g || echo data-ro;"
                + " touch /scratch/x && stat -c %a /scratch; cat /data2/f"), ENV, "/", DefaultSecurity.defaults(),
                mounts, false));
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        assertEquals("from host\none file\ndata-ro\n1777\nfrom host", r.out());
        assertFalse(Files.exists(data.resolve("g")));
        assertTrue(Files.isDirectory(rootfs.resolve("data2")), "the escaping destination stays inside the rootfs");
        Files.delete(rootfs.resolve("data2"));
        Files.delete(rootfs.resolve("data"));
        Files.delete(rootfs.resolve("scratch"));
        Files.delete(rootfs.resolve("etc/single"));
    }

    @Test
    void readOnlyRecursiveBindMakesItsSubmountsReadOnlyToo() throws Exception {
        Path data = Files.createDirectory(temp.resolve("rdata"));
        Path sub = Files.createDirectory(data.resolve("sub"));
        Mounts.mount("tmpfs", sub, "tmpfs", Mounts.MS_NOSUID, null);
        try {
            Result r = run(spec(sh("touch /data/x || echo top-ro; touch /data/sub/x || echo sub-ro;"
                    + " grep ' /data/sub ' /proc/self/mountinfo | cut -d' ' -f6"), ENV, "/", DefaultSecurity.defaults(),
                    List.of(new Mount("bind", data.toString(), "/data", List.of("rbind", "ro"))), false));
            assertEquals(ExitStatus.exited(0), r.status(), r.err());
            assertEquals("top-ro\nsub-ro\nro,nosuid,relatime\n", r.out());
            Files.writeString(sub.resolve("host"), "the host's own mount stays writable");
        } finally {
            Mounts.unmount(sub, 0);
            Files.delete(rootfs.resolve("data"));
        }
    }

    @Test
    void fileOntoDirectoryIsRefusedWithAClearMessage() throws Exception {
        Path file = Files.writeString(temp.resolve("plain"), "x");
        IsolationException e = assertThrows(IsolationException.class, () -> run(spec(List.of("true"), ENV, "/",
                DefaultSecurity.defaults(), List.of(new Mount("bind", file.toString(), "/etc", List.of("rbind"))), false)));
        assertTrue(e.getMessage().contains("cannot mount a file onto the directory etc in the image"), e.getMessage());
    }

    @Test
    void symlinkedDestinationCannotLeaveTheRootfs() throws Exception {
        Path outside = Files.createDirectory(temp.resolve("outside"));
        Files.createSymbolicLink(rootfs.resolve("evil"), outside);
        try {
            Result r = run(spec(sh("ls /evil/mnt"), ENV, "/", DefaultSecurity.defaults(),
                    List.of(new Mount("tmpfs", "tmpfs", "/evil/mnt", List.of())), false));
            assertEquals(ExitStatus.exited(0), r.status(), r.err());
            assertFalse(Files.exists(outside.resolve("mnt")), "a host directory was created through the link");
            assertTrue(Files.isDirectory(rootfs.resolve(outside.toString().substring(1)).resolve("mnt")));
        } finally {
            Files.delete(rootfs.resolve("evil"));
            Path relative = Path.of("/").relativize(outside);
            deleteTree(rootfs.resolve(relative.subpath(0, 2).toString()));
        }
    }

    @Test
    void readOnlyRootfs() throws Exception {
        Result r = run(spec(sh("touch /x || echo ro; touch /dev/shm/x && echo shm-rw"), ENV, "/",
                DefaultSecurity.defaults(), List.of(), true));
        assertEquals(ExitStatus.exited(0), r.status(), r.err());
        assertEquals("ro\nshm-rw\n", r.out());
    }

    @Test
    void placementRunsWithThePidBeforeTheCommand() throws Exception {
        Path marker = Files.createDirectory(rootfs.resolve("marker"));
        try {
            AtomicLong placed = new AtomicLong();
            Result r = run(spec(List.of("cat", "/marker/pid"), ENV, "/", DefaultSecurity.defaults(), List.of(), false),
                    pid -> {
                        placed.set(pid);
                        assertTrue(ProcStat.startTime(pid).isPresent());
                        Files.writeString(marker.resolve("pid"), Long.toString(pid));
                    });
            assertEquals(ExitStatus.exited(0), r.status(), r.err());
            assertEquals(Long.toString(placed.get()), r.out());
            assertEquals(placed.get(), r.pid());
        } finally {
            deleteTree(marker);
        }
    }

    @Test
    void failedPlacementLeavesNoProcess() {
        AtomicLong placed = new AtomicLong();
        IsolationException e = assertThrows(IsolationException.class, () -> run(
                spec(List.of("true"), ENV, "/", DefaultSecurity.defaults(), List.of(), false),
                pid -> {
                    placed.set(pid);
                    throw new IllegalStateException("cgroup full");
                }));
        assertTrue(e.getMessage().contains("cgroup full"), e.getMessage());
        started.add(placed.get());
    }

    @Test
    void startTimeMatchesProc() throws Exception {
        ContainerSpec spec = spec(List.of("sleep", "30"), ENV, "/", DefaultSecurity.defaults(), List.of(), false);
        int devNull = Fds.open("/dev/null", Fds.O_RDWR | Fds.O_CLOEXEC);
        ContainerProcess process;
        try {
            process = isolator.start(withStdio(spec, Stdio.of(devNull, devNull, devNull)), pid -> {});
        } finally {
            Fds.close(devNull);
        }
        started.add(process.pid());
        assertEquals(ProcStat.startTime(process.pid()).orElseThrow(), process.startTime());
        Processes.kill(process.pid(), Processes.SIGKILL);
        ExitStatus status = process.waitFor();
        assertEquals(ExitStatus.killed(9), status);
        assertEquals(137, status.shellCode());
        assertEquals(status, process.waitFor(), "a second wait answers the same");
    }

    @Test
    void ttyIsTheContainersOwnControllingTerminal() throws Exception {
        ContainerSpec spec = spec(sh("tty; test -t 0 && echo stdin-tty; for f in 0 1 2; do readlink /proc/$$/fd/$f; done"), ENV, "/",
                DefaultSecurity.defaults(), List.of(), false);
        ContainerProcess process = isolator.start(withStdio(spec, Stdio.terminal(24, 80)), pid -> {});
        started.add(process.pid());
        int master = process.ttyMaster().orElseThrow();
        try {
            ExitStatus status = process.waitFor();
            String out = readAvailable(master).replace("\r", "");
            assertEquals(ExitStatus.exited(0), status, out);
            assertEquals("/dev/pts/0\nstdin-tty\n/dev/pts/0\n/dev/pts/0\n/dev/pts/0\n", out);
        } finally {
            Fds.close(master);
        }
    }

    @Test
    void setupFailureInTheInitIsReportedAndLeavesNothing() {
        IsolationException e = assertThrows(IsolationException.class, () -> run(spec(List.of("true"), ENV, "/",
                DefaultSecurity.defaults(), List.of(new Mount("bind", temp.resolve("absent").toString(), "/x", List.of("bind"))),
                false)));
        assertFalse(e instanceof CommandInvocationException);
        assertTrue(e.getMessage().contains("bind source path does not exist: " + temp.resolve("absent")), e.getMessage());
    }

    @Test
    void missingRootfsIsAnIsolationError() {
        ContainerSpec spec = ContainerSpec.builder().id("t").rootfs(temp.resolve("absent")).hostname("h")
                .process(new ProcessSpec(List.of("true"), ENV, "/", User.ROOT)).security(DefaultSecurity.defaults())
                .stdio(stdioPlaceholder()).build();
        IsolationException e = assertThrows(IsolationException.class, () -> isolator.start(spec, pid -> {}));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }

    // --- helpers

    record Result(ExitStatus status, String out, String err, long pid) {}

    private static List<String> sh(String script) {
        return List.of("sh", "-c", script);
    }

    private Result run(List<String> args) throws Exception {
        return run(args, ENV, "/");
    }

    private Result run(List<String> args, List<String> env, String cwd) throws Exception {
        return run(spec(args, env, cwd, DefaultSecurity.defaults(), List.of(), false));
    }

    private Result run(ContainerSpec spec) throws Exception {
        return run(spec, pid -> {});
    }

    private static ContainerSpec spec(List<String> args, List<String> env, String cwd, Security security,
            List<Mount> mounts, boolean readOnly) {
        return ContainerSpec.builder().id("test").rootfs(rootfs).hostname("test-host")
                .process(new ProcessSpec(args, env, cwd, User.ROOT)).mounts(mounts).security(security)
                .readOnlyRootfs(readOnly).stdio(stdioPlaceholder()).build();
    }

    private static Stdio stdioPlaceholder() {
        return Stdio.of(-1, -1, -1);
    }

    private static ContainerSpec withStdio(ContainerSpec spec, Stdio stdio) {
        return spec.toBuilder().stdio(stdio).build();
    }

    /** Runs with /dev/null as stdin and pipes for stdout and stderr, and waits. */
    private Result run(ContainerSpec spec, Isolator.Placement placement) throws Exception {
        Fds.Pair out = Fds.pipe(Fds.O_CLOEXEC);
        Fds.Pair err = Fds.pipe(Fds.O_CLOEXEC);
        int devNull = Fds.open("/dev/null", Fds.O_RDWR | Fds.O_CLOEXEC);
        ContainerProcess process;
        try {
            process = isolator.start(withStdio(spec, Stdio.of(devNull, out.second(), err.second())), placement);
        } catch (IsolationException e) {
            Fds.close(out.first());
            Fds.close(err.first());
            throw e;
        } finally {
            Fds.close(out.second());
            Fds.close(err.second());
            Fds.close(devNull);
        }
        started.add(process.pid());
        String stdout = readAll(out.first());
        String stderr = readAll(err.first());
        return new Result(process.waitFor(), stdout, stderr, process.pid());
    }

    private static String readAll(int fd) throws LinuxException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = Fds.read(fd, buffer, buffer.length)) > 0) {
                bytes.write(buffer, 0, n);
            }
        } finally {
            Fds.close(fd);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** What a pty master holds after its slave side closed: read until EIO (no slave left). */
    private static String readAvailable(int master) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while (Fds.poll(master, Fds.POLLIN, 2000) != 0 && (n = Fds.read(master, buffer, buffer.length)) > 0) {
                bytes.write(buffer, 0, n);
            }
        } catch (LinuxException e) {
            // EIO: every slave fd is closed and the buffer is drained.
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
