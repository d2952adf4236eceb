package io.jocker.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.events.Event;
import io.jocker.engine.events.Events;
import io.jocker.engine.filter.Filters;
import io.jocker.engine.json.Json;
import io.jocker.engine.state.FileStateStore;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.HostConfig;
import io.jocker.spi.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeServiceTest {

    private static final Path CWD = Path.of("/home/user");

    @TempDir
    Path root;

    private final List<Event> recorded = new ArrayList<>();
    private FileStateStore states;
    private VolumeService volumes;

    @BeforeEach
    void setUp() {
        states = new FileStateStore(root, Json.newMapper());
        volumes = new VolumeService(new EngineConfig(root, List.of(), "auto", "auto", "auto", "auto"), () -> states,
                Json.newMapper(), new Events(recorded::add, Clock.systemUTC()));
    }

    @Test
    void createMakesTheDataDirectoryAndIsIdempotent() {
        Volume created = volumes.create("data", Map.of("team", "a"));
        assertEquals(root.resolve("volumes/data/_data").toString(), created.mountpoint());
        assertTrue(Files.isDirectory(Path.of(created.mountpoint())));
        assertEquals(Map.of("team", "a"), created.labels());
        assertEquals("local", created.driver());
        assertEquals(created, volumes.create("data", Map.of()));
        assertEquals(created, volumes.inspect("data"));
        assertEquals(List.of("data"), volumes.list().stream().map(Volume::name).toList());
    }

    @Test
    void aVolumeWhoseMetadataACreateKilledHalfWayNeverWroteIsRemovedByTheNextChange() throws Exception {
        Path half = Files.createDirectories(root.resolve("volumes/half/_data"));

        volumes.create("other", Map.of());

        assertFalse(Files.exists(half.getParent()));
        assertEquals(List.of("other"), volumes.list().stream().map(Volume::name).toList());
    }

    @Test
    void createWithoutANameGetsARandomOne() {
        String name = volumes.create(null, Map.of()).name();
        assertTrue(name.matches("[0-9a-f]{64}"), name);
        assertFalse(volumes.inspect(name).anonymous());
    }

    @Test
    void hostileNamesAreRefusedBeforeAnyPathIsBuilt() {
        for (String name : List.of("../x", "a/b", ".hidden", "x", "a b")) {
            assertThrows(InvalidRequestException.class, () -> volumes.create(name, Map.of()), name);
        }
        assertThrows(NoSuchVolumeException.class, () -> volumes.inspect("../volumes"));
        assertFalse(Files.exists(root.resolve("x")));
    }

    @Test
    void missingVolumeIsReportedAsDockerDoes() {
        assertEquals("get nope: no such volume", assertThrows(NoSuchVolumeException.class, () -> volumes.inspect("nope")).getMessage());
        assertThrows(NoSuchVolumeException.class, () -> volumes.remove("nope"));
    }

    @Test
    void claimTurnsVolumesIntoBindMountsOfTheirData() throws Exception {
        Path host = root.resolve("host/missing");
        List<Mount> mounts;
        try (VolumeClaim claim = volumes.claim(List.of(
                MountSpecs.volumeFlag("named:/a:ro", CWD),
                MountSpecs.volumeFlag("/b", CWD),
                MountSpecs.volumeFlag(host + ":/c", CWD),
                MountSpecs.tmpfsFlag("/d")))) {
            mounts = claim.mounts();
            claim.keep();
        }
        assertEquals(new Mount("bind", root.resolve("volumes/named/_data").toString(), "/a", List.of("rbind", "rprivate", "ro")),
                mounts.get(0));
        String anonymous = volumes.volumeName(mounts.get(1)).orElseThrow();
        assertTrue(volumes.inspect(anonymous).anonymous());
        assertEquals(new Mount("bind", host.toString(), "/c", List.of("rbind", "rprivate")), mounts.get(2));
        assertTrue(Files.isDirectory(host), "a missing -v source directory is created");
        assertEquals(MountSpecs.tmpfsFlag("/d"), mounts.get(3));
        assertEquals(2, volumes.list().size());
    }

    @Test
    void claimNotKeptRemovesOnlyWhatItCreated() throws Exception {
        volumes.create("old", Map.of());
        try (VolumeClaim claim = volumes.claim(List.of(MountSpecs.volumeFlag("old:/a", CWD), MountSpecs.volumeFlag("new:/b", CWD),
                MountSpecs.volumeFlag("/c", CWD)))) {
            assertEquals(3, volumes.list().size());
        }
        assertEquals(List.of("old"), volumes.list().stream().map(Volume::name).toList());
        assertEquals(List.of("old"), listDir(root.resolve("volumes")));
    }

    @Test
    void invalidMountsCreateNothing() {
        Path host = root.resolve("host");
        InvalidRequestException duplicate = assertThrows(InvalidRequestException.class, () -> volumes.claim(List.of(
                MountSpecs.volumeFlag("v1:/a", CWD), MountSpecs.volumeFlag(host + ":/a", CWD))));
        assertEquals("Duplicate mount point: /a", duplicate.getMessage());
        InvalidRequestException missing = assertThrows(InvalidRequestException.class, () -> volumes.claim(List.of(
                MountSpecs.volumeFlag("v1:/a", CWD), MountSpecs.mountFlag("type=bind,src=" + host + ",dst=/b", CWD))));
        assertEquals("invalid mount config for type \"bind\": bind source path does not exist: " + host, missing.getMessage());
        assertEquals(List.of(), volumes.list());
        assertFalse(Files.exists(host));
    }

    @Test
    void volumeInUseCannotBeRemovedEvenByAStoppedContainer() throws Exception {
        ContainerRecord user = container("a".repeat(64), "shared:/data");
        VolumeInUseException e = assertThrows(VolumeInUseException.class, () -> volumes.remove("shared"));
        assertEquals("remove shared: volume is in use - [" + user.id() + "]", e.getMessage());
        assertFalse(volumes.dangling(volumes.inspect("shared")));
        states.delete(user.id());
        assertTrue(volumes.dangling(volumes.inspect("shared")));
        volumes.remove("shared");
        assertEquals(List.of(), volumes.list());
        assertFalse(Files.exists(root.resolve("volumes/shared")));
    }

    @Test
    void pruneRemovesUnusedAnonymousVolumesOrWithAllEveryUnusedOne() throws Exception {
        volumes.create("named", Map.of());
        container("b".repeat(64), "used:/data");
        String anonymous = volumes.volumeName(container("c".repeat(64), "/x").hostConfig().mounts().get(0)).orElseThrow();
        Files.writeString(Path.of(volumes.inspect(anonymous).mountpoint()).resolve("f"), "12345");
        assertEquals(new VolumeService.Pruned(List.of(), 0), volumes.prune(Filters.NONE));
        states.delete("c".repeat(64));
        assertEquals(new VolumeService.Pruned(List.of(anonymous), 5), volumes.prune(Filters.NONE));
        assertEquals(new VolumeService.Pruned(List.of("named"), 0), volumes.prune(Filters.parse(List.of("all=true"))));
        assertEquals(List.of("used"), volumes.list().stream().map(Volume::name).toList());
    }

    @Test
    void pruneByLabelAndItsEvents() {
        volumes.create("va", Map.of("keep", "no"));
        volumes.create("vb", Map.of("keep", "yes"));
        volumes.create("vc", Map.of());
        recorded.clear();

        VolumeService.Pruned pruned = volumes.prune(Filters.parse(List.of("all=1", "label=keep", "label!=keep=yes")));

        assertEquals(List.of("va"), pruned.names());
        assertEquals(List.of("vb", "vc"), volumes.list().stream().map(Volume::name).sorted().toList());
        assertEquals(List.of("destroy va", "prune "), recorded.stream().map(e -> e.action() + " " + e.actorId()).toList());
        assertEquals(Map.of("reclaimed", "0"), recorded.get(1).attributes());
        assertThrows(InvalidRequestException.class, () -> volumes.prune(Filters.parse(List.of("until=1h"))));
    }

    @Test
    void createAndRemoveAreRecordedOnceEach() throws Exception {
        volumes.create("data", Map.of());
        volumes.create("data", Map.of());
        container("a".repeat(64), "/anon");
        volumes.remove("data");

        List<String> seen = recorded.stream().map(e -> e.type() + " " + e.action() + " " + e.attributes()).toList();
        assertEquals(List.of("volume create {driver=local}", "volume create {driver=local}", "volume destroy {driver=local}"), seen);
        assertEquals("data", recorded.get(0).actorId());
    }

    @Test
    void usageCountsBytesAndUsers() throws Exception {
        container("a".repeat(64), "used:/data");
        container("b".repeat(64), "used:/other");
        volumes.create("idle", Map.of());
        Files.writeString(Path.of(volumes.inspect("idle").mountpoint()).resolve("f"), "123");

        Map<String, VolumeService.Usage> usage = new TreeMap<>();
        volumes.usage().forEach(u -> usage.put(u.volume().name(), u));

        assertEquals(2, usage.get("used").references());
        assertEquals(0, usage.get("idle").references());
        assertEquals(3, usage.get("idle").size());
    }

    @Test
    void removeAnonymousKeepsNamedVolumesAndOnesOthersUse() throws Exception {
        ContainerRecord removed = container("d".repeat(64), "/x", "keep:/y");
        states.delete(removed.id());
        volumes.removeAnonymous(removed);
        assertEquals(List.of("keep"), volumes.list().stream().map(Volume::name).toList());

        ContainerRecord first = container("e".repeat(64), "/z");
        String shared = volumes.volumeName(first.hostConfig().mounts().get(0)).orElseThrow();
        container("f".repeat(64), shared + ":/z");
        states.delete(first.id());
        volumes.removeAnonymous(first);
        assertTrue(volumes.list().stream().anyMatch(v -> v.name().equals(shared)), "still used by another container");
    }

    @Test
    void populateCopiesTheImagesFilesIntoEmptyVolumesOnly() throws Exception {
        Path rootfs = Files.createDirectories(root.resolve("rootfs"));
        Path etc = Files.createDirectories(rootfs.resolve("etc/conf.d"));
        Files.writeString(etc.resolve("a.conf"), "image");
        Files.setPosixFilePermissions(etc.resolve("a.conf"), PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(etc.resolve("a.conf"), FileTime.fromMillis(1_000_000_000L));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd-link"), Path.of("/etc/passwd"));
        Files.setPosixFilePermissions(rootfs.resolve("etc"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(rootfs.resolve("escape"), Path.of("/../../.."));
        volumes.create("full", Map.of());
        Files.writeString(Path.of(volumes.inspect("full").mountpoint()).resolve("mine"), "kept");
        ContainerRecord record = container("9".repeat(64), "fresh:/etc", "full:/etc/conf.d", "nocopy:/etc/x:nocopy", "up:/escape");

        volumes.populate(record, rootfs);

        Path fresh = Path.of(volumes.inspect("fresh").mountpoint());
        assertEquals("image", Files.readString(fresh.resolve("conf.d/a.conf")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve("conf.d/a.conf"))));
        assertEquals(1_000_000_000L, Files.getLastModifiedTime(fresh.resolve("conf.d/a.conf")).toMillis());
        assertEquals(Path.of("/etc/passwd"), Files.readSymbolicLink(fresh.resolve("passwd-link")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        assertEquals(List.of("mine"), listDir(Path.of(volumes.inspect("full").mountpoint())));
        assertEquals(List.of(), listDir(Path.of(volumes.inspect("nocopy").mountpoint())));
        assertEquals(List.of("escape", "etc"), listDir(Path.of(volumes.inspect("up").mountpoint())),
                "a link at the mount point resolves inside the rootfs, not to the host's /");
    }

    @Test
    void onlyDataDirectoriesOfVolumesAreRecognised() {
        String data = root.resolve("volumes/v1/_data").toString();
        assertEquals("v1", volumes.volumeName(new Mount("bind", data, "/a", List.of())).orElseThrow());
        assertTrue(volumes.volumeName(new Mount("bind", "/srv/_data", "/a", List.of())).isEmpty());
        assertTrue(volumes.volumeName(new Mount("bind", root.resolve("volumes/v1").toString(), "/a", List.of())).isEmpty());
        assertTrue(volumes.volumeName(new Mount("tmpfs", data, "/a", List.of())).isEmpty());
    }

    @Test
    void mountOrderPutsParentsFirstAndKeepsEqualDepthsInOrder() {
        Mount deep = new Mount("bind", "/s", "/data/sub", List.of());
        Mount hosts = new Mount("bind", "/s", "/etc/hosts", List.of());
        Mount etc = new Mount("bind", "/s", "/etc", List.of());
        Mount data = new Mount("bind", "/s", "/data", List.of());
        assertEquals(List.of(etc, data, deep, hosts), VolumeService.mountOrder(List.of(deep, hosts, etc, data)));
    }

    /** Saves a container record whose mounts are claimed from {@code -v} specs, as create does. */
    private ContainerRecord container(String id, String... specs) throws Exception {
        List<Mount> mounts;
        try (VolumeClaim claim = volumes.claim(List.of(specs).stream().map(spec -> MountSpecs.volumeFlag(spec, CWD)).toList())) {
            mounts = claim.mounts();
            claim.keep();
        }
        ContainerRecord record = ContainerRecord.builder().id(id).name("c" + id.charAt(0)).created(Instant.now())
                .image("busybox").imageId("sha256:" + "0".repeat(64))
                .config(ContainerConfig.builder().hostname("h").cmd(List.of("true")).build())
                .hostConfig(HostConfig.builder().mounts(mounts).build()).state(ContainerState.created())
                .storageDriver("overlay").cgroupDriver("cgroupfs").build();
        states.save(record);
        return record;
    }

    private static List<String> listDir(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
