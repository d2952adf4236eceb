package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.base.EngineException;
import io.jocker.engine.events.Events;
import io.jocker.engine.json.Json;
import io.jocker.engine.plugin.DriverCatalog;
import io.jocker.engine.plugin.Drivers;
import io.jocker.engine.plugin.LoadedPlugin;
import io.jocker.engine.state.FileStateStore;
import io.jocker.engine.volume.VolumeService;
import io.jocker.images.CommitRequest;
import io.jocker.images.Digests;
import io.jocker.images.ImageStore;
import io.jocker.images.InvalidReferenceException;
import io.jocker.images.RunConfig;
import io.jocker.linux.ProcStat;
import io.jocker.linux.TempFile;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CgroupDriverFactory;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.Host;
import io.jocker.spi.HostConfig;
import io.jocker.spi.Isolator;
import io.jocker.spi.KernelOps;
import io.jocker.spi.Mount;
import io.jocker.spi.Plugin;
import io.jocker.spi.StorageDriver.ChangeVisitor;
import io.jocker.spi.StorageDriver;
import io.jocker.spi.StorageDriverFactory;
import io.jocker.spi.Support;
import java.io.InputStream;
import io.jocker.testing.SymlinkSwapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class CommitServiceTest {

    private static final String IMAGE_ID = "sha256:" + "1".repeat(64);
    private static final String ID = "a".repeat(64);

    @TempDir
    Path root;

    private final StorageDriver storage = mock(StorageDriver.class);
    private final CgroupDriver cgroups = mock(CgroupDriver.class);
    private final ContainerCgroup cgroup = mock(ContainerCgroup.class);
    private final ImageStore images = mock(ImageStore.class);
    private final List<String> committedEntries = new ArrayList<>();
    private Path upper;
    private FileStateStore store;
    private ContainerService containers;
    private CommitService service;

    @BeforeEach
    void setUp() throws Exception {
        StorageDriverFactory storageFactory = mock(StorageDriverFactory.class);
        when(storageFactory.name()).thenReturn("fake-storage");
        when(storageFactory.isSupported(any())).thenReturn(Support.yes());
        when(storageFactory.create(any())).thenReturn(storage);
        when(storage.name()).thenReturn("fake-storage");
        CgroupDriverFactory cgroupFactory = mock(CgroupDriverFactory.class);
        when(cgroupFactory.name()).thenReturn("fake-cgroups");
        when(cgroupFactory.isSupported(any())).thenReturn(Support.yes());
        when(cgroupFactory.create(any())).thenReturn(cgroups);
        when(cgroups.open(anyString())).thenReturn(Optional.of(cgroup));
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
        Drivers drivers = new Drivers(catalog, new Host(Path.of("/"), "6.18", 2), Map.of(), kind -> root,
                () -> mock(KernelOps.class));
        store = new FileStateStore(root, Json.newMapper());
        ContainerLookup lookup = new ContainerLookup(() -> store);
        EngineConfig config = new EngineConfig(root, List.of(), "auto", "auto", "auto", "auto");
        containers = new ContainerService(config, () -> store, drivers, () -> mock(Isolator.class), mock(ImageResolver.class), lookup,
                new VolumeService(config, () -> store, Json.newMapper(), Events.discarding()), Events.discarding(), () -> TestNetworks.service(config));
        service = new CommitService(() -> store, drivers, lookup, containers, () -> images, Events.discarding());

        upper = Files.createDirectories(root.resolve("upper"));
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/hosts"), "");
        Files.writeString(upper.resolve("etc/motd"), "hi\n");
        Files.createDirectories(upper.resolve("data/inside"));
        Files.writeString(upper.resolve("data/inside/volume-file"), "not mine");
        doAnswer(inv -> {
            ChangeVisitor visitor = inv.getArgument(1);
            visitor.changed("data", upper.resolve("data"));
            visitor.changed("data/inside", upper.resolve("data/inside"));
            visitor.changed("data/inside/volume-file", upper.resolve("data/inside/volume-file"));
            visitor.changed("etc", upper.resolve("etc"));
            visitor.opaqued("etc");
            visitor.changed("etc/hosts", upper.resolve("etc/hosts"));
            visitor.changed("etc/motd", upper.resolve("etc/motd"));
            visitor.deleted("etc/passwd");
            return null;
        }).when(storage).diff(anyString(), any());
        when(images.storageDriver()).thenReturn("fake-storage");
        when(images.newSpool()).thenAnswer(inv -> TempFile.in(root, 0600));
        when(images.commit(any(), anyString(), any())).thenAnswer(inv -> {
            Path tar = inv.getArgument(0);
            assertEquals(Digests.of(Files.readAllBytes(tar)), inv.getArgument(1), "the diff id is the tar's sha256");
            try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream entries = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                    committedEntries.add(e.getName());
                }
            }
            return "sha256:" + "2".repeat(64);
        });
    }

    private ContainerRecord save(ContainerState state) throws Exception {
        ContainerConfig config = ContainerConfig.builder().hostname("host").env(List.of("PATH=/bin"))
                .cmd(List.of("sh", "-c", "echo hi")).workingDir("/w").labels(Map.of("l", "v")).build();
        List<Mount> mounts = List.of(new Mount("bind", "/x/hosts", "/etc/hosts", List.of("rbind")),
                new Mount("bind", "/var/lib/jocker/volumes/v/_data", "/data/inside/", List.of("rbind")));
        HostConfig hostConfig = HostConfig.builder().mounts(mounts).build();
        ContainerRecord record = ContainerRecord.builder().id(ID).name("box").created(Instant.now()).image("busybox")
                .imageId(IMAGE_ID).config(config).hostConfig(hostConfig).state(state).storageDriver("fake-storage")
                .cgroupDriver("fake-cgroups").build();
        store.save(record);
        return record;
    }

    private static ContainerState running() throws Exception {
        long pid = ProcessHandle.current().pid();
        return ContainerState.created().running(pid, ProcStat.startTime(pid).orElse(0), Instant.now());
    }

    @Test
    void theChangesBecomeOneLayerWithWhiteoutsAndWithoutMountContents() throws Exception {
        save(ContainerState.created());

        String id = service.commit(new CommitService.Request("box", "mine:v1", List.of("ENV A=1"), "msg", true));

        assertEquals("sha256:" + "2".repeat(64), id);
        assertEquals(List.of("data/", "data/inside/", "etc/", "etc/.wh..wh..opq", "etc/motd", "etc/.wh.passwd"), committedEntries);
        ArgumentCaptor<CommitRequest> request = ArgumentCaptor.forClass(CommitRequest.class);
        verify(images).commit(any(), anyString(), request.capture());
        assertEquals(new CommitRequest(IMAGE_ID, new RunConfig(List.of("sh", "-c", "echo hi"), null, List.of("PATH=/bin"),
                Map.of("l", "v"), null, "/w", null), List.of("ENV A=1"), "msg", "sh -c echo hi", "mine:v1"), request.getValue());
        verify(cgroup, never()).freeze();
        try (var left = Files.list(root)) {
            assertTrue(left.noneMatch(Files::isRegularFile), "the spool is gone");
        }
    }

    /**
     * commit --pause=false reads a layer that the container keeps changing: here the directory
     * {@code w} keeps turning into a symbolic link to a host directory between the driver's look
     * at {@code w/secret} and commit's read. The host's file must never enter the layer.
     */
    @Test
    void aDirectorySwappedForALinkWhileCommitReadsNeverTakesInTheHostsFiles() throws Exception {
        int reports = 3000;
        Path host = Files.createDirectories(root.resolve("host"));
        Files.writeString(host.resolve("secret"), "HOST");
        Files.writeString(Files.createDirectories(upper.resolve("w")).resolve("secret"), "CONTAINER");
        doAnswer(inv -> {
            ChangeVisitor visitor = inv.getArgument(1);
            for (int i = 0; i < reports; i++) {
                visitor.changed("w/secret", upper.resolve("w/secret"));
            }
            return null;
        }).when(storage).diff(anyString(), any());
        List<String> contents = new ArrayList<>();
        doAnswer(inv -> {
            try (InputStream in = Files.newInputStream(inv.<Path>getArgument(0)); TarArchiveInputStream entries = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                    contents.add(new String(entries.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return "sha256:" + "2".repeat(64);
        }).when(images).commit(any(), anyString(), any());
        save(running());

        try (SymlinkSwapper swapper = SymlinkSwapper.towards(upper, "w", host)) {
            service.commit(new CommitService.Request("box", null, List.of(), null, false));
        }

        assertTrue(contents.stream().noneMatch(c -> c.contains("HOST")), "the host's file entered the layer");
        assertTrue(contents.size() > 0 && contents.size() < reports, "the race never ran: " + contents.size() + " of " + reports + " read");
    }

    @Test
    void aRunningContainerIsFrozenWhileItsChangesAreReadThenThawed() throws Exception {
        save(running());

        service.commit(new CommitService.Request("box", null, List.of(), null, true));

        InOrder order = inOrder(cgroup, storage, images);
        order.verify(cgroup).freeze();
        order.verify(storage).diff(anyString(), any());
        order.verify(cgroup).thaw();
        order.verify(images).commit(any(), anyString(), any());
    }

    @Test
    void whileTheContainerIsFrozenTheCommitIsRecordedAsTheProcessThatFroze() throws Exception {
        save(running());
        Path marker = containers.directory(ID).resolve(CommitFreeze.MARKER);
        List<String> during = new ArrayList<>();
        doAnswer(inv -> {
            during.add(Files.readString(marker).split(" ")[0]);
            return null;
        }).when(storage).diff(anyString(), any());

        service.commit(new CommitService.Request("box", null, List.of(), null, true));

        assertEquals(List.of(Long.toString(ProcessHandle.current().pid())), during);
        assertFalse(Files.exists(marker), "thawed, so no longer recorded");
    }

    @Test
    void withoutPauseOrWhenAlreadyPausedNothingIsFrozenOrThawed() throws Exception {
        save(running());
        service.commit(new CommitService.Request("box", null, List.of(), null, false));
        when(cgroup.isFrozen()).thenReturn(true);
        service.commit(new CommitService.Request("box", null, List.of(), null, true));

        verify(cgroup, never()).freeze();
        verify(cgroup, never()).thaw();
    }

    @Test
    void badInputFailsBeforeAnythingIsRead() throws Exception {
        save(ContainerState.created());
        doThrow(new InvalidReferenceException(
                "invalid reference format: repository name must be lowercase")).when(images).validate(List.of(), "UPPER:tag");

        EngineException bad = assertThrows(EngineException.class,
                () -> service.commit(new CommitService.Request("box", "UPPER:tag", List.of(), null, true)));
        assertEquals("invalid reference format: repository name must be lowercase", bad.getMessage());
        assertThrows(NoSuchContainerException.class,
                () -> service.commit(new CommitService.Request("gone", null, List.of(), null, true)));
        verify(storage, never()).diff(anyString(), any());
    }
}
