package io.jocker.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupException;
import io.jocker.spi.CgroupMount;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ContainerSpec;
import io.jocker.spi.ExecSpec;
import io.jocker.spi.ExitStatus;
import io.jocker.spi.IsolationException;
import io.jocker.spi.Isolator;
import io.jocker.spi.Resources;
import io.jocker.spi.Stdio;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** The state machine over mocked drivers and a fake kernel: every transition and every invalid operation. */
class OciRuntimeTest {

    private static final long PID = 4242;
    private static final long START = 99;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T21:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;

    private final FakeHost host = new FakeHost();
    private final Isolator isolator = mock(Isolator.class);
    private final CgroupDriver cgroups = mock(CgroupDriver.class);
    private final ContainerCgroup cgroup = mock(ContainerCgroup.class);
    private Path bundle;
    private Path root;
    private OciRuntime runtime;

    @BeforeEach
    void setUp() throws Exception {
        bundle = Files.createDirectories(temp.resolve("bundle"));
        Files.createDirectory(bundle.resolve("rootfs"));
        try (InputStream in = SpecCommand.class.getResourceAsStream(SpecCommand.DEFAULT_CONFIG)) {
            Files.write(bundle.resolve("config.json"), in.readAllBytes());
        }
        root = temp.resolve("root");
        ObjectMapper json = new ObjectMapper();
        RuntimeDrivers drivers = new RuntimeDrivers() {
            @Override
            public Isolator isolator() {
                return isolator;
            }

            @Override
            public CgroupDriver cgroups() {
                return cgroups;
            }

            @Override
            public CgroupDriver cgroups(String name) {
                assertEquals("fake", name);
                return cgroups;
            }
        };
        runtime = new OciRuntime(new ContainerStore(root, json, host), drivers, host, new BundleReader(json),
                new ConfigMapper((profile, caps) -> new byte[0]), CLOCK, json, new OciLog(null, OciLog.Format.TEXT, false, CLOCK, json));
        when(cgroups.name()).thenReturn("fake");
        when(cgroups.createAt(eq("jocker/c1"), any(Resources.class))).thenReturn(cgroup);
        when(cgroups.openAt("jocker/c1")).thenReturn(Optional.of(cgroup));
        when(cgroups.open("c1")).thenReturn(Optional.of(cgroup));
        when(cgroup.mounts()).thenReturn(List.of(new CgroupMount("memory", "cgroup", "memory", List.of())));
        when(isolator.start(any(), any())).thenAnswer(invocation -> {
            ContainerSpec spec = invocation.getArgument(0);
            invocation.<Isolator.Placement>getArgument(1).place(PID);
            host.waiting.put(spec.startGate(), PID);
            host.alive.add(PID);
            return process();
        });
    }

    private static ContainerProcess process() {
        ContainerProcess process = mock(ContainerProcess.class);
        when(process.pid()).thenReturn(PID);
        when(process.startTime()).thenReturn(START);
        when(process.ttyMaster()).thenReturn(OptionalInt.empty());
        return process;
    }

    private Status status() throws OciException {
        return runtime.observe("c1").status();
    }

    @Test
    void createLeavesTheInitWaitingAtItsGateInItsCgroup() throws Exception {
        OciRuntime.Created created = runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        assertEquals(PID, created.state().pid());
        assertEquals(Status.CREATED, status());
        ArgumentCaptor<ContainerSpec> spec = ArgumentCaptor.forClass(ContainerSpec.class);
        verify(isolator).start(spec.capture(), any());
        assertEquals(root.resolve("c1/exec.fifo"), spec.getValue().startGate());
        assertEquals(Stdio.inherit(), spec.getValue().stdio());
        assertEquals(List.of(new CgroupMount("memory", "cgroup", "memory", List.of())), spec.getValue().cgroupMounts());
        verify(cgroup).addProcess(PID);
        SavedState saved = runtime.observe("c1").saved().orElseThrow();
        assertEquals(bundle.toString(), saved.bundle());
        assertEquals("2026-12-07T21:00:00Z", saved.created());
        assertEquals("fake", saved.cgroupDriver());
    }

    @Test
    void startRunsACreatedContainerOnce() throws Exception {
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        runtime.start("c1");
        assertEquals(List.of(PID), host.started);
        assertEquals(Status.RUNNING, status());
        assertEquals("cannot start an already running container", assertThrows(OciException.class, () -> runtime.start("c1")).getMessage());
        host.alive.remove(PID);
        assertEquals(Status.STOPPED, status());
        assertEquals("cannot start a container that has stopped", assertThrows(OciException.class, () -> runtime.start("c1")).getMessage());
    }

    @Test
    void aCreatedContainerWhoseInitDiedIsStoppedAndCannotStart() throws Exception {
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        host.alive.remove(PID);
        assertEquals(Status.STOPPED, status());
        assertThrows(OciException.class, () -> runtime.start("c1"));
        assertEquals(List.of(), host.started);
    }

    @Test
    void aFailedCreateLeavesNothingBehind() throws Exception {
        doThrow(new IsolationException("container c1: exec: \"sh\": not found")).when(isolator).start(any(), any());
        OciException e = assertThrows(OciException.class, () -> runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE));
        assertEquals("container c1: exec: \"sh\": not found", e.getMessage());
        verify(cgroup).destroy();
        assertFalse(Files.exists(root.resolve("c1")));
        assertEquals("container does not exist: c1", assertThrows(OciException.class, () -> runtime.observe("c1")).getMessage());
    }

    @Test
    void deletingAMissingContainerFailsUnlessForcedAsRuncDoes() throws Exception {
        assertEquals("container does not exist: c1", assertThrows(OciException.class, () -> runtime.delete("c1", false)).getMessage());
        runtime.delete("c1", true);
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        runtime.delete("c1", true);
        runtime.delete("c1", true);
        verify(cgroup).destroy();
    }

    @Test
    void anIdIsCreatedOnceAndMustBeAFileName() throws Exception {
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        assertEquals("container with id exists: c1", assertThrows(OciException.class, () -> runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE)).getMessage());
        for (String bad : List.of("../x", "a/b", "..", "", "a b", "-x", "x".repeat(129))) {
            assertTrue(assertThrows(OciException.class, () -> runtime.create(bad, bundle, OciRuntime.ProcessIo.NONE)).getMessage().startsWith("invalid container id"));
        }
    }

    @Test
    void killSignalsTheInitOrTheWholeCgroupButNotAStoppedContainer() throws Exception {
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        runtime.kill("c1", 15, false);
        assertEquals(List.of("4242:15"), host.signals);
        when(cgroup.processes()).thenReturn(List.of(PID, 5000L));
        runtime.kill("c1", 9, true);
        assertEquals(List.of("4242:15", "4242:9", "5000:9"), host.signals);
        host.alive.remove(PID);
        assertTrue(assertThrows(OciException.class, () -> runtime.kill("c1", 15, false)).getMessage().contains("is stopped"));
    }

    @Test
    void deleteRefusesARunningContainerWithoutForce() throws Exception {
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        runtime.start("c1");
        assertEquals("cannot delete container c1 that is not stopped: running",
                assertThrows(OciException.class, () -> runtime.delete("c1", false)).getMessage());
        verify(cgroup, never()).destroy();
        runtime.delete("c1", true);
        verify(cgroup).killAll();
        verify(cgroup).destroy();
        assertTrue(host.signals.contains("4242:9"));
        assertFalse(Files.exists(root.resolve("c1")));
    }

    @Test
    void deleteRemovesAStoppedContainerAndKillsACreatedOne() throws Exception {
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        runtime.delete("c1", false);
        assertEquals(List.of("4242:9"), host.signals);
        assertFalse(Files.exists(root.resolve("c1")));
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        host.alive.remove(PID);
        runtime.delete("c1", false);
        assertEquals(List.of("4242:9"), host.signals, "a stopped container is not signalled");
        assertFalse(Files.exists(root.resolve("c1")));
    }

    @Test
    void pauseFreezesARunningContainerAndResumeThawsIt() throws Exception {
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        assertTrue(assertThrows(OciException.class, () -> runtime.pause("c1")).getMessage().contains("is created"));
        runtime.start("c1");
        runtime.pause("c1");
        verify(cgroup).freeze();
        assertEquals(Status.PAUSED, status());
        assertEquals("cannot start an already running container", assertThrows(OciException.class, () -> runtime.start("c1")).getMessage());
        assertTrue(assertThrows(OciException.class, () -> runtime.pause("c1")).getMessage().contains("is paused"));
        runtime.resume("c1");
        verify(cgroup).thaw();
        assertEquals(Status.RUNNING, status());
        assertTrue(assertThrows(OciException.class, () -> runtime.resume("c1")).getMessage().contains("is running"));
    }

    @Test
    void aFailedFreezeLeavesTheContainerRunning() throws Exception {
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        runtime.start("c1");
        doThrow(new CgroupException("no freezer")).when(cgroup).freeze();
        assertEquals("cannot pause c1: no freezer", assertThrows(OciException.class, () -> runtime.pause("c1")).getMessage());
        assertEquals(Status.RUNNING, status());
    }

    @Test
    void aPausedContainerIsDeletedOnlyWithForceAndThawedToDie() throws Exception {
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        runtime.start("c1");
        runtime.pause("c1");
        assertEquals("cannot delete container c1 that is not stopped: paused",
                assertThrows(OciException.class, () -> runtime.delete("c1", false)).getMessage());
        runtime.delete("c1", true);
        InOrder order = inOrder(cgroup);
        order.verify(cgroup).killAll();
        order.verify(cgroup).thaw();
        order.verify(cgroup).destroy();
    }

    @Test
    void execRunsInTheContainersNamespacesWithItsHardeningAndReturnsTheStatus() throws Exception {
        assertTrue(assertThrows(OciException.class, () -> runtime.exec("c1", execOf("true"))).getMessage()
                .contains("does not exist"));
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        runtime.start("c1");
        ContainerProcess child = mock(ContainerProcess.class);
        when(child.pid()).thenReturn(5000L);
        when(child.waitFor()).thenReturn(ExitStatus.exited(7));
        ArgumentCaptor<ExecSpec> spec = ArgumentCaptor.forClass(ExecSpec.class);
        when(isolator.exec(eq(PID), spec.capture(), any())).thenAnswer(invocation -> {
            invocation.<Isolator.Placement>getArgument(2).place(5000L);
            return child;
        });
        assertEquals(7, runtime.exec("c1", execOf("ls", "-l")));
        assertEquals(List.of("ls", "-l"), spec.getValue().process().args());
        assertEquals(List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"), spec.getValue().security().capabilities());
        assertTrue(spec.getValue().security().noNewPrivileges());
        verify(cgroup).addProcess(5000L);
        host.alive.remove(PID);
        assertEquals("cannot exec in a stopped container", assertThrows(OciException.class, () -> runtime.exec("c1", execOf("true")))
                .getMessage());
    }

    private static OciRuntime.ExecRequest execOf(String... args) {
        return new OciRuntime.ExecRequest(p -> new OciConfig.Process(p.terminal(), p.consoleSize(), p.user(), List.of(args), p.env(),
                p.cwd(), p.capabilities(), p.rlimits(), p.noNewPrivileges(), p.apparmorProfile(), p.oomScoreAdj(), p.selinuxLabel()),
                false, PidFile.NONE, null);
    }

    /** Makes the bundle's process have a terminal of 33 rows and 101 columns. */
    private void withTerminal() throws IOException {
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(bundle.resolve("config.json").toFile());
        ((ObjectNode) config.get("process")).put("terminal", true).putObject("consoleSize").put("height", 33).put("width", 101);
        new ObjectMapper().writeValue(bundle.resolve("config.json").toFile(), config);
    }

    @Test
    void aTerminalsMasterGoesToTheConsoleSocketAndTheRuntimeKeepsNoCopy() throws Exception {
        withTerminal();
        doAnswer(invocation -> {
            ContainerSpec spec = invocation.getArgument(0);
            invocation.<Isolator.Placement>getArgument(1).place(PID);
            host.waiting.put(spec.startGate(), PID);
            host.alive.add(PID);
            ContainerProcess process = process();
            when(process.ttyMaster()).thenReturn(OptionalInt.of(77));
            return process;
        }).when(isolator).start(any(), any());
        Path socket = temp.resolve("console.sock");
        runtime.create("c1", bundle, new OciRuntime.ProcessIo(socket, 0));
        ArgumentCaptor<ContainerSpec> spec = ArgumentCaptor.forClass(ContainerSpec.class);
        verify(isolator).start(spec.capture(), any());
        assertEquals(Stdio.terminal(33, 101), spec.getValue().stdio());
        assertEquals(List.of(socket + " <- 77", socket + " closed"), host.console);
    }

    @Test
    void theCgroupGoesToCgroupsPathWhichLaterCommandsFindInTheState() throws Exception {
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(bundle.resolve("config.json").toFile());
        ((ObjectNode) config.get("linux")).put("cgroupsPath", "/jocker/pod1/c1");
        new ObjectMapper().writeValue(bundle.resolve("config.json").toFile(), config);
        when(cgroups.createAt(eq("jocker/pod1/c1"), any(Resources.class))).thenReturn(cgroup);
        when(cgroups.openAt("jocker/pod1/c1")).thenReturn(Optional.of(cgroup));
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        verify(cgroups).createAt(eq("jocker/pod1/c1"), any(Resources.class));
        assertEquals("jocker/pod1/c1", runtime.observe("c1").saved().orElseThrow().cgroupPath());
        runtime.delete("c1", true);
        verify(cgroups, never()).openAt("jocker/c1");
        verify(cgroup).destroy();
    }

    @Test
    void preservedFdsAreTheRuntimesFromThreeOnAndEachMustBeOpen() throws Exception {
        host.openFds.addAll(List.of(3, 4));
        assertEquals("--preserve-fds 3: fd 5 is not open",
                assertThrows(OciException.class, () -> runtime.create("c1", bundle, new OciRuntime.ProcessIo(null, 3))).getMessage());
        verify(isolator, never()).start(any(), any());
        runtime.create("c1", bundle, new OciRuntime.ProcessIo(null, 2));
        ArgumentCaptor<ContainerSpec> spec = ArgumentCaptor.forClass(ContainerSpec.class);
        verify(isolator).start(spec.capture(), any());
        assertEquals(List.of(3, 4), spec.getValue().preservedFds());
    }

    @Test
    void aTerminalWithoutAConsoleSocketOrASocketWithoutATerminalIsRefusedBeforeAnythingIsCreated() throws Exception {
        Path socket = temp.resolve("console.sock");
        assertEquals("cannot use console socket if jocker-runc will not detach or allocate tty",
                assertThrows(OciException.class, () -> runtime.create("c1", bundle, new OciRuntime.ProcessIo(socket, 0))).getMessage());
        withTerminal();
        assertEquals("cannot allocate tty if jocker-runc will detach without setting console socket",
                assertThrows(OciException.class, () -> runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE)).getMessage());
        assertTrue(assertThrows(OciException.class, () -> runtime.run("c1", bundle, new OciRuntime.ProcessIo(socket, 0), false,
                PidFile.NONE, pid -> {})).getMessage().startsWith("cannot use console socket if jocker-runc will not detach"));
        assertTrue(assertThrows(OciException.class, () -> runtime.run("c1", bundle, OciRuntime.ProcessIo.NONE, false,
                PidFile.NONE, pid -> {})).getMessage().startsWith("a terminal in the foreground is not supported"));
        verify(isolator, never()).start(any(), any());
        verify(cgroups, never()).createAt(any(), any());
        assertEquals(List.of(), host.console);
        assertFalse(Files.exists(root.resolve("c1")));
    }

    @Test
    void hooksRunInOrderWithTheStateOnTheirStdin() throws Exception {
        Path record = temp.resolve("hooks.log");
        Path script = temp.resolve("hook.sh");
        Files.writeString(script, "#!/bin/sh\n{ echo \"$1 $PHASE\"; cat; echo; } >> " + record + "\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(bundle.resolve("config.json").toFile());
        ObjectNode hooks = config.putObject("hooks");
        for (String phase : List.of("prestart", "createRuntime", "poststart", "poststop")) {
            hooks.putArray(phase).addObject().put("path", script.toString()).put("timeout", 30)
                    .putArray("args").add("hook.sh").add("arg-" + phase);
            ((ObjectNode) hooks.get(phase).get(0)).putArray("env").add("PHASE=" + phase);
        }
        new ObjectMapper().writeValue(bundle.resolve("config.json").toFile(), config);
        runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE);
        runtime.start("c1");
        host.alive.remove(PID);
        runtime.delete("c1", false);
        List<String> lines = Files.readAllLines(record);
        assertEquals(List.of("arg-prestart prestart", "arg-createRuntime createRuntime", "arg-poststart poststart",
                "arg-poststop poststop"), List.of(lines.get(0), lines.get(2), lines.get(4), lines.get(6)));
        ObjectMapper json = new ObjectMapper();
        assertEquals("creating", json.readTree(lines.get(1)).get("status").asText());
        assertEquals(PID, json.readTree(lines.get(1)).get("pid").asLong());
        assertEquals("c1", json.readTree(lines.get(1)).get("id").asText());
        assertEquals("running", json.readTree(lines.get(5)).get("status").asText());
        assertEquals("stopped", json.readTree(lines.get(7)).get("status").asText());
    }

    @Test
    void aFailingPrestartHookFailsTheCreateAndLeavesNothing() throws Exception {
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(bundle.resolve("config.json").toFile());
        config.putObject("hooks").putArray("prestart").addObject().put("path", "/bin/false");
        new ObjectMapper().writeValue(bundle.resolve("config.json").toFile(), config);
        assertEquals("prestart hook /bin/false failed with exit status 1",
                assertThrows(OciException.class, () -> runtime.create("c1", bundle, OciRuntime.ProcessIo.NONE)).getMessage());
        assertTrue(host.signals.contains("4242:9"), "the init is killed");
        verify(cgroup).destroy();
        assertFalse(Files.exists(root.resolve("c1")));
    }

    @Test
    void runInTheForegroundHandsOverThePidBeforeStartWaitsAndDeletes() throws Exception {
        ContainerProcess init = process();
        when(init.waitFor()).thenAnswer(invocation -> {
            host.alive.remove(PID);
            return ExitStatus.killed(15);
        });
        doAnswer(invocation -> {
            ContainerSpec spec = invocation.getArgument(0);
            host.waiting.put(spec.startGate(), PID);
            host.alive.add(PID);
            return init;
        }).when(isolator).start(any(), any());
        List<Long> forwardedTo = new ArrayList<>();
        int code = runtime.run("c1", bundle, OciRuntime.ProcessIo.NONE, false, PidFile.NONE, pid -> {
            assertEquals(List.of(), host.started, "before start");
            forwardedTo.add(pid);
        });
        assertEquals(143, code);
        assertEquals(List.of(PID), forwardedTo);
        assertEquals(List.of(PID), host.started);
        assertFalse(Files.exists(root.resolve("c1")));
    }

    @Test
    void aContainerBeingCreatedReportsCreatingAndIsDeletedOnlyWithForce() throws Exception {
        Files.createDirectories(root.resolve("c1"));
        assertEquals(Status.CREATING, status());
        assertThrows(OciException.class, () -> runtime.start("c1"));
        assertThrows(OciException.class, () -> runtime.delete("c1", false));
        runtime.delete("c1", true);
        assertFalse(Files.exists(root.resolve("c1")));
    }

    /** The kernel as far as the runtime sees it: live PIDs, gates and who waits at them, signals sent. */
    private static final class FakeHost implements HostProcesses {
        final List<Long> alive = new ArrayList<>();
        final Map<Path, Long> waiting = new HashMap<>();
        final List<Long> started = new ArrayList<>();
        final List<String> signals = new ArrayList<>();
        final List<String> console = new ArrayList<>();
        final List<Integer> openFds = new ArrayList<>(List.of(0, 1, 2));

        @Override
        public boolean alive(long pid, long startTime) {
            return startTime == START && alive.contains(pid);
        }

        @Override
        public void signal(long pid, int signal) {
            signals.add(pid + ":" + signal);
            if (signal == 9) {
                alive.remove(pid);
            }
        }

        @Override
        public boolean awaitExit(long pid, long startTime, long timeoutMillis) {
            return !alive.contains(pid);
        }

        @Override
        public void createGate(Path gate) throws OciException {
            try {
                Files.createFile(gate);
            } catch (IOException e) {
                throw new OciException(e.getMessage(), e);
            }
        }

        @Override
        public boolean openGate(Path gate) {
            Long pid = waiting.remove(gate);
            if (pid == null || !alive.contains(pid)) {
                return false;
            }
            started.add(pid);
            return true;
        }

        @Override
        public boolean isOpen(int fd) {
            return openFds.contains(fd);
        }

        @Override
        public ConsoleSocket connectConsole(Path socket) {
            return new ConsoleSocket() {
                @Override
                public void handOver(int master) {
                    console.add(socket + " <- " + master);
                }

                @Override
                public void close() {
                    console.add(socket + " closed");
                }
            };
        }
    }
}
