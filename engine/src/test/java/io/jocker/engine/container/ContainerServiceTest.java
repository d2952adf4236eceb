package io.jocker.engine.container;

import static io.jocker.engine.Asserts.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.events.Event;
import io.jocker.engine.events.Events;
import io.jocker.engine.filter.Filters;
import io.jocker.engine.json.Json;
import io.jocker.engine.plugin.DriverCatalog;
import io.jocker.engine.plugin.Drivers;
import io.jocker.engine.plugin.LoadedPlugin;
import io.jocker.engine.state.FileStateStore;
import io.jocker.engine.volume.MountSpecs;
import io.jocker.engine.volume.Volume;
import io.jocker.engine.volume.VolumeService;
import io.jocker.images.ContainerUsage;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.CommandInvocationException;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerSpec;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.ExitStatus;
import io.jocker.spi.Host;
import io.jocker.spi.Isolator.Placement;
import io.jocker.spi.Isolator;
import io.jocker.spi.KernelOps;
import io.jocker.spi.Plugin;
import io.jocker.spi.StateStore;
import io.jocker.spi.Stdio;
import io.jocker.spi.StorageDriver;
import io.jocker.spi.StorageDriverFactory;
import io.jocker.spi.Support;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class ContainerServiceTest {

    private static final Path CWD = Path.of("/home/user");

    @TempDir
    Path root;

    private final StorageDriver storage = mock(StorageDriver.class);
    private final CgroupDriver cgroups = mock(CgroupDriver.class);
    private final ContainerCgroup cgroup = mock(ContainerCgroup.class);
    private final Isolator isolator = mock(Isolator.class);
    private final ImageResolver images = mock(ImageResolver.class);
    private final List<Event> recorded = new ArrayList<>();
    private final Events events = new Events(recorded::add, Clock.systemUTC());
    private Path rootfs;
    private Drivers drivers;
    private FileStateStore store;
    private ContainerService service;

    @BeforeEach
    void setUp() throws Exception {
        rootfs = Files.createDirectories(root.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nwww:x:33:34::/var/www:/bin/sh\n");
        StorageDriverFactory storageFactory = mock(StorageDriverFactory.class);
        when(storageFactory.name()).thenReturn("fake-storage");
        when(storageFactory.isSupported(any())).thenReturn(Support.yes());
        when(storageFactory.create(any())).thenReturn(storage);
        CgroupDriverFactory cgroupFactory = mock(CgroupDriverFactory.class);
        when(cgroupFactory.name()).thenReturn("fake-cgroups");
        when(cgroupFactory.isSupported(any())).thenReturn(Support.yes());
        when(cgroupFactory.create(any())).thenReturn(cgroups);
        Plugin plugin = new Plugin() {
            @Override
            public List<StorageDriverFactory> storageDrivers() {
                return List.of(storageFactory);
            }

            @Override
            public List<CgroupDriverFactory> cgroupDrivers() {
                return List.of(cgroupFactory);
            }
        };
        DriverCatalog catalog = new DriverCatalog(List.of(new LoadedPlugin(Path.of("test"), "test.jar", plugin)));
        drivers = new Drivers(catalog, new Host(Path.of("/"), "6.18", 2), Map.of(), kind -> root, () -> mock(KernelOps.class));
        store = new FileStateStore(root, Json.newMapper());
        service = service(store);
        when(images.resolve("busybox")).thenReturn(new ContainerImage("sha256:" + "1".repeat(64),
                List.of("layer1", "layer2"), List.of("PATH=/bin", "IMAGE=yes"), List.of("sh"), List.of(), "", "",
                Map.of("from", "image", "team", "image's"), List.of()));
        when(storage.mountRootfs(anyString())).thenReturn(rootfs);
        // A container's cgroup exists once it was created, as the real drivers' do.
        Set<String> withCgroup = ConcurrentHashMap.newKeySet();
        when(cgroups.create(anyString(), any())).thenAnswer(inv -> {
            withCgroup.add(inv.getArgument(0));
            return cgroup;
        });
        when(cgroups.open(anyString())).thenAnswer(inv -> withCgroup.contains(inv.<String>getArgument(0))
                ? java.util.Optional.of(cgroup) : java.util.Optional.empty());
    }

    private ContainerService service(StateStore states) {
        ContainerLookup lookup = new ContainerLookup(() -> states);
        EngineConfig config = new EngineConfig(root, List.of(), "auto", "auto", "auto", "auto");
        return new ContainerService(config, () -> states, drivers, () -> isolator, images, lookup,
                new VolumeService(config, () -> states, Json.newMapper(), events), events, () -> TestNetworks.service(config));
    }

    private ContainerProcess process(long pid) throws IOException {
        long startTime = io.jocker.linux.ProcStat.startTime(pid).orElse(0);
        ContainerProcess process = mock(ContainerProcess.class);
        when(process.pid()).thenReturn(pid);
        when(process.startTime()).thenReturn(startTime);
        when(process.ttyMaster()).thenReturn(OptionalInt.empty());
        return process;
    }

    @Test
    void createStoresTheRecordAndTheWritableLayerWithDockerDefaults() throws Exception {
        CreateRequest request = CreateRequest.builder()
                .image("busybox")
                .command(List.of("echo", "a b"))
                .env(List.of("IMAGE=no", "X=1"))
                .name("web")
                .build();

        ContainerRecord record = service.create(request);

        verify(storage).createContainer(record.id(), List.of("layer1", "layer2"));
        assertEquals("web", record.name());
        assertEquals(List.of("echo", "a b"), record.config().cmd());
        assertEquals(List.of("PATH=/bin", "IMAGE=no", "X=1"), record.config().env());
        assertEquals(record.id().substring(0, 12), record.config().hostname());
        assertEquals("fake-storage", record.storageDriver());
        assertEquals(Status.CREATED, record.state().status());
        assertEquals(record, store.load(record.id()).orElseThrow());
        assertEquals(record.id().substring(0, 12) + "\n",
                Files.readString(service.directory(record.id()).resolve("hostname")));
    }

    @Test
    void aNameInUseIsRefusedAndLeavesNothing() throws Exception {
        service.create(withName("web"));

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> service.create(withName("web")));

        assertContains(e.getMessage(), "The container name \"/web\" is already in use");
        assertEquals(1, store.list().size());
    }

    @Test
    void anInvalidNameIsRefused() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> service.create(withName("no/slash")));
        assertContains(e.getMessage(), "Invalid container name (no/slash)");
    }

    @Test
    void aNulByteInWhatReachesTheKernelIsRefusedBeforeAnythingIsMade() throws Exception {
        CreateRequest request = CreateRequest.builder().image("busybox").command(List.of("echo", "a\0b")).build();

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> service.create(request));

        assertEquals("invalid command argument \"a\\0b\": it contains a NUL byte", e.getMessage());
        assertTrue(store.list().isEmpty());
        verifyNoInteractions(storage);
    }

    @Test
    void aFailedCreateRemovesTheWritableLayerAndTheDirectory() throws Exception {
        doThrow(new IOException("disk full")).when(storage).createContainer(anyString(), any());

        assertThrows(RuntimeException.class, () -> service.create(CreateRequest.of("busybox")));

        ArgumentCaptor<String> id = ArgumentCaptor.forClass(String.class);
        verify(storage).removeContainer(id.capture());
        assertFalse(Files.exists(service.directory(id.getValue())));
        assertTrue(store.list().isEmpty());
    }

    @Test
    void startPlacesTheProcessInItsCgroupThroughThePlacement() throws Exception {
        // No network: the placement is given a PID no process has, which no network could join.
        ContainerRecord record = service.create(CreateRequest.of("busybox", "id").toBuilder().host(h -> h.networkMode("none")).build());
        ContainerProcess process = process(ProcessHandle.current().pid());
        when(isolator.start(any(), any())).thenReturn(process);

        StartedContainer started = service.start(record.id(), Stdio.inherit());

        ArgumentCaptor<ContainerSpec> spec = ArgumentCaptor.forClass(ContainerSpec.class);
        ArgumentCaptor<Placement> placement = ArgumentCaptor.forClass(Placement.class);
        verify(isolator).start(spec.capture(), placement.capture());
        placement.getValue().place(4242);
        verify(cgroup).addProcess(4242);
        assertEquals(List.of("id"), spec.getValue().process().args());
        assertEquals(rootfs, spec.getValue().rootfs());
        assertTrue(spec.getValue().process().env().contains("HOSTNAME=" + record.id().substring(0, 12)));
        assertTrue(spec.getValue().process().env().contains("HOME=/root"));
        assertEquals(3, spec.getValue().mounts().size(), "resolv.conf, hostname and hosts");
        assertEquals(Status.RUNNING, started.record().state().status());
        assertEquals(started.record(), store.load(record.id()).orElseThrow());
    }

    @Test
    void theHostsNetworkNamespaceIsSharedAsTheOtherSharedNamespacesAre() throws Exception {
        ContainerRecord record = service.create(CreateRequest.of("busybox", "id").toBuilder().host(h -> h.networkMode("host").pidMode("host")).build());
        ContainerProcess process = process(ProcessHandle.current().pid());
        when(isolator.start(any(), any())).thenReturn(process);

        service.start(record.id(), Stdio.inherit());

        ArgumentCaptor<ContainerSpec> spec = ArgumentCaptor.forClass(ContainerSpec.class);
        verify(isolator).start(spec.capture(), any());
        assertEquals(Map.of("net", 0L, "pid", 0L), spec.getValue().sharedNamespaces());
    }

    @Test
    void netSysctlsAreRefusedInTheHostsNetworkNamespaceAndCreateNothing() throws Exception {
        CreateRequest host = CreateRequest.of("busybox", "id").toBuilder()
                .host(h -> h.networkMode("host").sysctls(Map.of("kernel.msgmax", "65536", "net.ipv4.ip_forward", "1"))).build();

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> service.create(host));

        assertEquals("sysctl \"net.ipv4.ip_forward\" not allowed in host network namespace", e.getMessage());
        assertTrue(store.list().isEmpty());
        verifyNoInteractions(storage);
        service.create(host.toBuilder().host(h -> h.sysctls(Map.of("kernel.msgmax", "65536"))).build());
        service.create(host.toBuilder().host(h -> h.networkMode("none")).build());
        assertEquals(2, store.list().size());
    }

    @Test
    void aCommandThatIsNotFoundCleansUpAndReports127() throws Exception {
        ContainerRecord record = service.create(CreateRequest.of("busybox", "nosuch"));
        when(isolator.start(any(), any())).thenThrow(
                new CommandInvocationException("exec: \"nosuch\": executable file not found in $PATH", true));

        ContainerStartException e = assertThrows(ContainerStartException.class,
                () -> service.start(record.id(), Stdio.inherit()));

        assertEquals(127, e.exitCode());
        InOrder order = inOrder(cgroup, storage);
        order.verify(cgroup).destroy();
        order.verify(storage).unmountRootfs(record.id());
        ContainerRecord saved = store.load(record.id()).orElseThrow();
        assertEquals(127, saved.state().exitCode());
        assertContains(saved.state().error(), "executable file not found");
    }

    @Test
    void finishRecordsTheExitAndOomAndReleasesResources() throws Exception {
        ContainerRecord record = service.create(CreateRequest.of("busybox", "true"));
        ContainerProcess process = process(ProcessHandle.current().pid());
        when(isolator.start(any(), any())).thenReturn(process);
        service.start(record.id(), Stdio.inherit());
        when(cgroup.oomKilled()).thenReturn(true);

        ContainerRecord exited = service.finish(record.id(), ExitStatus.killed(9));

        assertEquals(137, exited.state().exitCode());
        assertTrue(exited.state().oomKilled());
        verify(cgroup).destroy();
        verify(storage).unmountRootfs(record.id());
        assertEquals(exited, store.load(record.id()).orElseThrow());
    }

    @Test
    void finishOfAnAutoRemoveContainerRemovesEverything() throws Exception {
        CreateRequest request = CreateRequest.builder()
                .image("busybox")
                .command(List.of("true"))
                .host(h -> h.autoRemove(true))
                .build();
        ContainerRecord record = service.create(request);
        ContainerProcess process = process(ProcessHandle.current().pid());
        when(isolator.start(any(), any())).thenReturn(process);
        service.start(record.id(), Stdio.inherit());

        service.finish(record.id(), ExitStatus.exited(0));

        verify(storage).removeContainer(record.id());
        assertTrue(store.load(record.id()).isEmpty());
        assertFalse(Files.exists(service.directory(record.id())));
    }

    @Test
    void aRunningContainerIsRemovedOnlyWithForce() throws Exception {
        ContainerRecord record = service.create(CreateRequest.of("busybox", "sleep"));
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            ContainerProcess process = process(sleeper.pid());
            when(isolator.start(any(), any())).thenReturn(process);
            service.start(record.id(), Stdio.inherit());

            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> service.remove(record.id().substring(0, 8), false));
            assertContains(e.getMessage(), "You cannot remove a running container " + record.id());
            verify(storage, never()).removeContainer(record.id());

            service.remove(record.name(), true);
            sleeper.waitFor();
        } finally {
            sleeper.destroyForcibly();
        }
        assertEquals(137, sleeper.exitValue(), "killed with SIGKILL");
        verify(cgroup, org.mockito.Mockito.atLeastOnce()).killAll();
        verify(storage).removeContainer(record.id());
        assertTrue(store.load(record.id()).isEmpty());
    }

    @Test
    void theLifecycleIsRecordedAsDockersEventsWithTheContainersLabelsImageAndName() throws Exception {
        CreateRequest request = CreateRequest.builder()
                .image("busybox")
                .command(List.of("true"))
                .name("web")
                .labels(Map.of("team", "a", "name", "label wins over nothing"))
                .build();
        ContainerRecord record = service.create(request);
        ContainerProcess process = process(ProcessHandle.current().pid());
        when(isolator.start(any(), any())).thenReturn(process);
        service.start(record.id(), Stdio.inherit());
        service.finish(record.id(), ExitStatus.exited(3));
        service.remove(record.id(), false);

        assertEquals(List.of("create", "start", "die", "destroy"), recorded.stream().map(Event::action).toList());
        for (Event e : recorded) {
            assertEquals(Event.CONTAINER, e.type());
            assertEquals(record.id(), e.actorId());
            assertEquals("web", e.attributes().get("name"), "the container's name wins over a label");
            assertEquals("busybox", e.attributes().get("image"));
            assertEquals("a", e.attributes().get("team"), "the container's label wins over the image's");
            assertEquals("image", e.attributes().get("from"), "the image's labels are the container's too");
        }
        assertEquals("3", recorded.get(2).attributes().get("exitCode"));
        assertEquals("0", recorded.get(2).attributes().get("execDuration"));
    }

    @Test
    void aForcedRemovalRecordsTheKillAndTheDeathBeforeTheDestruction() throws Exception {
        ContainerRecord record = service.create(CreateRequest.of("busybox", "sleep"));
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            ContainerProcess process = process(sleeper.pid());
            when(isolator.start(any(), any())).thenReturn(process);
            service.start(record.id(), Stdio.inherit());
            recorded.clear();

            service.remove(record.id(), true);
            sleeper.waitFor();
        } finally {
            sleeper.destroyForcibly();
        }
        assertEquals(List.of("kill", "die", "destroy"), recorded.stream().map(Event::action).toList());
        assertEquals("9", recorded.get(0).attributes().get("signal"));
        assertEquals("137", recorded.get(1).attributes().get("exitCode"));
    }

    @Test
    void anAutoRemovedContainerDiesThenIsDestroyed() throws Exception {
        ContainerRecord record = service.create(CreateRequest.builder()
                .image("busybox")
                .command(List.of("true"))
                .host(h -> h.autoRemove(true))
                .build());
        recorded.clear();

        service.finish(record.id(), ExitStatus.killed(15));

        assertEquals(List.of("die", "destroy"), recorded.stream().map(Event::action).toList());
        assertEquals("143", recorded.get(0).attributes().get("exitCode"));
    }

    @Test
    void pruneRemovesWhatDoesNotRunAndMatchesAndCountsItsWritableLayers() throws Exception {
        ContainerRecord old = service.create(labelled("old", Map.of("team", "a")));
        ContainerRecord other = service.create(labelled("other", Map.of("team", "b")));
        ContainerRecord running = service.create(labelled("up", Map.of("team", "a")));
        ContainerProcess process = process(ProcessHandle.current().pid());
        when(isolator.start(any(), any())).thenReturn(process);
        service.start(running.id(), Stdio.inherit());
        Path upper = Files.createDirectories(root.resolve("upper"));
        Files.writeString(upper.resolve("file"), "12345");
        Files.createLink(upper.resolve("hardlink"), upper.resolve("file"));
        Files.createSymbolicLink(upper.resolve("link"), Path.of("abc"));
        doAnswer(call -> {
            StorageDriver.ChangeVisitor visitor = call.getArgument(1);
            visitor.changed("file", upper.resolve("file"));
            visitor.changed("hardlink", upper.resolve("hardlink"));
            visitor.changed("link", upper.resolve("link"));
            visitor.deleted("gone");
            return null;
        }).when(storage).diff(eq(old.id()), any());
        recorded.clear();

        ContainerService.Pruned pruned = service.prune(Filters.parse(List.of("label=team=a")), Instant.now());

        assertEquals(new ContainerService.Pruned(List.of(old.id()), 5 + 3), pruned, "a hard link counts once, a link by its target");
        assertEquals(List.of(other.id(), running.id()).stream().sorted().toList(),
                store.list().stream().map(ContainerRecord::id).sorted().toList());
        assertEquals(List.of("destroy", "prune"), recorded.stream().map(Event::action).toList());
        assertEquals(Map.of("reclaimed", "8"), recorded.get(1).attributes());
    }

    @Test
    void pruneUntilKeepsNewerContainersAndRefusesOtherFilters() throws Exception {
        ContainerRecord record = service.create(labelled("new", Map.of()));

        assertEquals(List.of(), service.prune(Filters.parse(List.of("until=1h")), Instant.now()).ids());
        assertEquals(List.of(record.id()), service.prune(Filters.parse(List.of("until=-1h")), Instant.now()).ids());
        assertEquals("invalid filter 'status'", assertThrows(InvalidRequestException.class,
                () -> service.prune(Filters.parse(List.of("status=exited")), Instant.now())).getMessage());
    }

    private static CreateRequest labelled(String name, Map<String, String> labels) {
        return CreateRequest.builder().image("busybox").command(List.of("true")).name(name).labels(labels).build();
    }

    @Test
    void rmiLearnsOfARunningContainerFirstAndAProcessGoneCountsAsStopped() throws Exception {
        ContainerRecord stopped = service.create(CreateRequest.of("busybox", "true"));
        ContainerRecord running = service.create(CreateRequest.of("busybox", "sleep"));
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            ContainerProcess process = process(sleeper.pid());
            when(isolator.start(any(), any())).thenReturn(process);
            service.start(running.id(), Stdio.inherit());

            assertEquals(Optional.of(new ContainerUsage.User(running.id(), true)), service.containerUsing(stopped.imageId()));
            service.remove(running.id(), true);
            sleeper.waitFor();
        } finally {
            sleeper.destroyForcibly();
        }
        store.save(stopped.withState(stopped.state().running(999_999_999L, 1, Instant.now())));
        assertEquals(Optional.of(new ContainerUsage.User(stopped.id(), false)), service.containerUsing(stopped.imageId()));
    }

    @Test
    void removingAContainerFreesTheLayersOfItsImageDeletedMeanwhile() throws Exception {
        ContainerRecord record = service.create(CreateRequest.of("busybox", "true"));

        service.remove(record.id(), false);

        ArgumentCaptor<ContainerUsage> usage = ArgumentCaptor.forClass(ContainerUsage.class);
        verify(images).releaseUnused(usage.capture());
        assertEquals(Optional.empty(), usage.getValue().containerUsing(record.imageId()), "no container uses it any more");
    }

    @Test
    void aRecordSayingRunningWhoseProcessIsGoneIsRepairedAsUnknownExit() throws Exception {
        ContainerRecord record = service.create(CreateRequest.of("busybox", "true"));
        store.save(record.withState(record.state().running(999_999_999L, 1, java.time.Instant.now())));

        List<ContainerRecord> listed = service.list();

        assertEquals(Status.EXITED, listed.get(0).state().status());
        assertNull(listed.get(0).state().exitCode(), "never claims an exit code it did not see");
        assertContains(listed.get(0).state().error(), "exit status unknown");
        verify(storage).unmountRootfs(record.id());
        Event died = recorded.get(recorded.size() - 1);
        assertEquals("die", died.action());
        assertEquals("255", died.attributes().get("exitCode"), "unknown, as wait reports it");
    }

    @Test
    void onAFullDiskAStaleRecordIsShownRepairedAndTheContainerCanBeRemoved() throws Exception {
        ContainerRecord record = service.create(CreateRequest.of("busybox", "true"));
        store.save(record.withState(record.state().running(999_999_999L, 1, java.time.Instant.now())));
        FileStateStore full = spy(store);
        doThrow(new IOException("No space left on device")).when(full).save(any());
        ContainerService onFullDisk = service(full);

        List<ContainerRecord> listed = onFullDisk.list();

        assertEquals(Status.EXITED, listed.get(0).state().status());
        assertContains(listed.get(0).state().error(), "exit status unknown", "not recorded yet: No space left on device");
        assertEquals(Status.EXITED, onFullDisk.refresh(record.id()).orElseThrow().state().status());
        verify(storage, org.mockito.Mockito.atLeastOnce()).unmountRootfs(record.id());
        onFullDisk.remove(record.id(), true);
        assertTrue(store.load(record.id()).isEmpty());
    }

    @Test
    void whatACreateKilledHalfWayLeftIsRemovedByTheNextCommand() throws Exception {
        String id = ContainerNames.newId();
        Files.createDirectories(service.directory(id));
        Files.writeString(service.directory(id).resolve("hostname"), "half\n");

        assertEquals(List.of(), service.list());

        verify(storage).removeContainer(id);
        assertFalse(Files.exists(service.directory(id)));
    }

    @Test
    void aContainerThatAKilledCommitLeftFrozenIsThawedAndStaysRunning() throws Exception {
        ContainerRecord record = startedAs(ProcessHandle.current().pid());
        Path marker = service.directory(record.id()).resolve(CommitFreeze.MARKER);
        Files.writeString(marker, "999999999 1\n");

        assertEquals(Status.RUNNING, service.list().get(0).state().status());

        verify(cgroup).thaw();
        assertFalse(Files.exists(marker));
    }

    @Test
    void aFreezeWhoseCommitStillRunsIsLeftToIt() throws Exception {
        ContainerRecord record = startedAs(ProcessHandle.current().pid());
        CommitFreeze.record(service.directory(record.id()));

        service.list();
        service.thawIfAbandoned(record.id());

        verify(cgroup, never()).thaw();
    }

    @Test
    void aDeadProcessWhoseExitASupervisorClaimedIsLeftToThatSupervisor() throws Exception {
        ContainerRecord record = service.create(CreateRequest.of("busybox", "true"));
        store.save(record.withState(record.state().running(999_999_999L, 1, java.time.Instant.now())));

        try (ExitWatch claim = ExitWatch.take(service.directory(record.id()))) {
            assertEquals(Status.RUNNING, service.list().get(0).state().status());
        }
        assertEquals(Status.EXITED, service.list().get(0).state().status());
    }

    @Test
    void anAdoptedContainersExitIsRecordedOnlyForTheRunItEnded() throws Exception {
        ContainerRecord record = startedAs(ProcessHandle.current().pid());

        assertNull(service.finishAdopted(record.id(), 999_999_999L, ExitStatus.killed(9)));
        assertEquals(Status.RUNNING, store.load(record.id()).orElseThrow().state().status());

        ContainerRecord exited = service.finishAdopted(record.id(), record.state().pid(), ExitStatus.killed(9));
        assertEquals(137, exited.state().exitCode());
        assertEquals(exited, store.load(record.id()).orElseThrow());
    }

    @Test
    void aStartRemovesTheCgroupAKilledStartLeft() throws Exception {
        ContainerRecord record = service.create(CreateRequest.of("busybox", "true"));
        ContainerCgroup leftover = mock(ContainerCgroup.class);
        when(cgroups.open(record.id())).thenReturn(java.util.Optional.of(leftover));
        ContainerProcess process = process(ProcessHandle.current().pid());
        when(isolator.start(any(), any())).thenReturn(process);

        service.start(record.id(), Stdio.inherit());

        InOrder order = inOrder(leftover, cgroups);
        order.verify(leftover).killAll();
        order.verify(leftover).destroy();
        order.verify(cgroups).create(eq(record.id()), any());
    }

    private ContainerRecord startedAs(long pid) throws Exception {
        ContainerRecord record = service.create(CreateRequest.of("busybox", "sleep"));
        ContainerProcess process = process(pid);
        when(isolator.start(any(), any())).thenReturn(process);
        return service.start(record.id(), Stdio.inherit()).record();
    }

    @Test
    void anExitTheRestartPolicyAnswersIsRecordedAsRestartingInTheSameStep() throws Exception {
        ContainerRecord record = startedWithRestart("always");

        ContainerRecord recorded = service.finishDetached(record.id(), ExitStatus.exited(3));

        assertEquals(Status.RESTARTING, recorded.state().status());
        assertEquals(3, recorded.state().exitCode());
        assertEquals(0, recorded.state().pid());
        assertEquals(1, recorded.restartCount(), "counted when the back-off begins, as Docker counts it");
        assertEquals(recorded, store.load(record.id()).orElseThrow());
        verify(cgroup).destroy();
        verify(storage).unmountRootfs(record.id());
    }

    @Test
    void noRestartAfterAStopByTheUserNorForAForegroundRun() throws Exception {
        ContainerRecord stopped = startedWithRestart("always");
        UserStops.mark(service.directory(stopped.id()));
        assertEquals(Status.EXITED, service.finishDetached(stopped.id(), ExitStatus.killed(15)).state().status());

        ContainerRecord foreground = startedWithRestart("always");
        ContainerRecord exited = service.finish(foreground.id(), ExitStatus.exited(1));
        assertEquals(Status.EXITED, exited.state().status());
        assertEquals(0, exited.restartCount());
    }

    @Test
    void aStartByTheUserEndsTheStopByTheUserAndCountsRestartsAfresh() throws Exception {
        ContainerRecord record = startedWithRestart("on-failure:2");
        service.finishDetached(record.id(), ExitStatus.exited(1));
        service.startRestarting(record.id(), Stdio.inherit()).orElseThrow();
        UserStops.mark(service.directory(record.id()));
        assertEquals(Status.EXITED, service.finishDetached(record.id(), ExitStatus.killed(9)).state().status());

        StartedContainer started = service.start(record.id(), Stdio.inherit());

        assertEquals(0, started.record().restartCount());
        assertFalse(UserStops.isMarked(service.directory(record.id())));
        assertEquals(Status.RESTARTING, service.finishDetached(record.id(), ExitStatus.exited(1)).state().status());
    }

    @Test
    void theRestartPolicysStartHappensOnlyWhileTheRecordSaysRestarting() throws Exception {
        ContainerRecord record = startedWithRestart("on-failure");
        service.finishDetached(record.id(), ExitStatus.exited(1));

        StartedContainer restarted = service.startRestarting(record.id(), Stdio.inherit()).orElseThrow();
        assertEquals(Status.RUNNING, restarted.record().state().status());
        assertEquals(1, restarted.record().restartCount());

        service.finishDetached(record.id(), ExitStatus.exited(1));
        service.endRestart(record.id(), null);
        ContainerRecord ended = store.load(record.id()).orElseThrow();
        assertEquals(Status.EXITED, ended.state().status());
        assertEquals(1, ended.state().exitCode());
        assertTrue(service.startRestarting(record.id(), Stdio.inherit()).isEmpty(), "ended by the user meanwhile");
        verify(isolator, org.mockito.Mockito.times(2)).start(any(), any());
    }

    @Test
    void anAdoptedContainersUnknownExitGetsTheRestartPolicyToo() throws Exception {
        ContainerRecord record = startedWithRestart("on-failure");
        store.save(record.withState(record.state().running(999_999_999L, 1, java.time.Instant.now())));
        service.refresh(record.id());

        ContainerRecord recorded = service.applyRestartPolicy(record.id()).orElseThrow();

        assertEquals(Status.RESTARTING, recorded.state().status());
        assertNull(recorded.state().exitCode(), "an unknown exit counts as a failure");
    }

    @Test
    void aRestartingRecordIsTrueOnlyWhileASupervisorRuns() throws Exception {
        ContainerRecord record = startedWithRestart("always");
        service.finishDetached(record.id(), ExitStatus.exited(3));
        try (StateStore.Lock supervisor = ContainerTestbed.supervisorRuns(root)) {
            assertEquals(Status.RESTARTING, service.list().get(0).state().status());
        }

        ContainerRecord repaired = service.list().get(0);

        assertEquals(Status.EXITED, repaired.state().status());
        assertEquals(3, repaired.state().exitCode(), "the exit was observed; only the restart was lost");
        assertContains(repaired.state().error(), "not restarted: the supervisor that was to restart it ended first");
        assertEquals(repaired, store.load(record.id()).orElseThrow());
    }

    @Test
    void aRestartingContainerIsRemovedOnlyWithForceAndHasNoProcessesToShow() throws Exception {
        ContainerRecord record = startedWithRestart("always");
        service.finishDetached(record.id(), ExitStatus.exited(3));
        try (StateStore.Lock supervisor = ContainerTestbed.supervisorRuns(root)) {
            assertEquals("You cannot remove a restarting container " + record.id()
                    + ". Stop the container before attempting removal or force remove",
                    assertThrows(InvalidRequestException.class, () -> service.remove(record.name(), false)).getMessage());
            assertEquals("Container " + record.id() + " is restarting, wait until the container is running",
                    assertThrows(InvalidRequestException.class, () -> service.processes(record.name())).getMessage());

            service.remove(record.name(), true);
        }
        assertTrue(store.load(record.id()).isEmpty());
        assertFalse(Files.exists(service.directory(record.id())));
        verify(storage).removeContainer(record.id());
    }

    private ContainerRecord startedWithRestart(String policy) throws Exception {
        CreateRequest request = CreateRequest.builder()
                .image("busybox")
                .command(List.of("sh"))
                .host(h -> h.restartPolicy(RestartPolicies.parse(policy)))
                .build();
        ContainerRecord record = service.create(request);
        ContainerProcess process = process(ProcessHandle.current().pid());
        when(isolator.start(any(), any())).thenReturn(process);
        return service.start(record.id(), Stdio.inherit()).record();
    }

    @Test
    void lookupByPrefixNameAndAmbiguity() throws Exception {
        ContainerRecord a = service.create(withName("alpha"));
        ContainerLookup lookup = new ContainerLookup(() -> store);

        assertEquals(a.id(), lookup.find("alpha").id());
        assertEquals(a.id(), lookup.find("/alpha").id());
        assertEquals(a.id(), lookup.find(a.id().substring(0, 5)).id());
        assertThrows(NoSuchContainerException.class, () -> lookup.find("beta"));
        assertEquals("No such container: beta", assertThrows(NoSuchContainerException.class, () -> lookup.find("beta")).getMessage());
    }

    @Test
    void noCommandAnywhereIsAnError() {
        when(images.resolve("empty")).thenReturn(new ContainerImage("sha256:2", List.of(), List.of(), List.of(), List.of(), "", "", Map.of(),
                List.of()));
        assertEquals("No command specified",
                assertThrows(InvalidRequestException.class, () -> service.create(CreateRequest.of("empty"))).getMessage());
    }

    @Test
    void theImagesExposedPortsJoinTheExposedOnesOnceEach() throws Exception {
        when(images.resolve("web")).thenReturn(new ContainerImage("sha256:3", List.of(), List.of(), List.of("httpd"), List.of(), "", "",
                Map.of(), List.of("80", "53/udp")));
        CreateRequest request = CreateRequest.builder().image("web").exposedPorts(List.of("9000/tcp", "80/tcp")).build();

        assertEquals(List.of("53/udp", "80/tcp", "9000/tcp"), service.create(request).config().exposedPorts());
    }

    @Test
    void anImageExposingAPortJockerCannotPublishIsRefusedAtCreate() throws Exception {
        when(images.resolve("sctp")).thenReturn(new ContainerImage("sha256:4", List.of(), List.of(), List.of("true"), List.of(), "", "",
                Map.of(), List.of("132/sctp")));

        assertEquals("the image exposes \"132/sctp\": invalid protocol \"sctp\" (jocker publishes tcp and udp ports)",
                assertThrows(InvalidRequestException.class, () -> service.create(CreateRequest.of("sctp"))).getMessage());
        verify(storage, never()).createContainer(anyString(), any());
    }

    @Test
    void volumesAreRecordedAsBindMountsInMountOrderAndAnonymousOnesGoWithRmV() throws Exception {
        CreateRequest request = withMounts(List.of(MountSpecs.volumeFlag("/data/sub", CWD), MountSpecs.volumeFlag("named:/data", CWD)));
        ContainerRecord record = service.create(request);
        List<io.jocker.spi.Mount> mounts = record.hostConfig().mounts();
        List<String> destinations = mounts.stream().map(io.jocker.spi.Mount::destination).toList();
        assertTrue(destinations.indexOf("/data") < destinations.indexOf("/data/sub"), destinations.toString());
        assertEquals(root.resolve("volumes/named/_data").toString(),
                mounts.get(destinations.indexOf("/data")).source());
        VolumeService volumes = new VolumeService(new EngineConfig(root, List.of(), "auto", "auto", "auto", "auto"),
                () -> store, Json.newMapper(), events);
        assertEquals(2, volumes.list().size());

        service.remove(record.id(), false, true);

        assertEquals(List.of("named"), volumes.list().stream().map(Volume::name).toList());
    }

    @Test
    void aFailedCreateRemovesTheVolumesItMade() throws Exception {
        doThrow(new IOException("disk full")).when(storage).createContainer(anyString(), any());

        assertThrows(RuntimeException.class, () -> service.create(withMounts(List.of(MountSpecs.volumeFlag("fresh:/data", CWD)))));

        assertFalse(Files.exists(root.resolve("volumes/fresh")));
    }

    private static CreateRequest withMounts(List<io.jocker.spi.Mount> mounts) {
        return CreateRequest.builder().image("busybox").host(h -> h.mounts(mounts)).build();
    }

    private static CreateRequest withName(String name) {
        return CreateRequest.builder().image("busybox").name(name).build();
    }
}
