package io.jocker.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.spi.KernelOps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {

    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");
    private static final byte[] TAR = new Tars().dir("etc/", 0755).file("etc/hostname", "jocker\n").bytes();
    private static final byte[] OTHER_TAR = new Tars().file("other", "x").bytes();

    @TempDir
    Path temp;

    private final ObjectMapper mapper = new ObjectMapper();
    /** An event the store reported: prune's has no image and its reclaimed bytes as {@code reclaimed}. */
    private record Reported(String action, String imageId, Map<String, String> attributes) {}

    private final List<Reported> recorded = new ArrayList<>();
    private DirectoryStorageDriver driver;
    private ImageStore store;

    @BeforeEach
    void createStore() {
        driver = new DirectoryStorageDriver(temp.resolve("driver"));
        store = newStore();
    }

    private ImageStore newStore() {
        return new ImageStore(temp.resolve("images"), driver, mock(KernelOps.class), mapper, new TickingClock(START),
                new ImageEvents() {
                    @Override
                    public void image(String imageId, String name, Map<String, String> labels, String action) {
                        Map<String, String> attributes = new HashMap<>(labels);
                        attributes.put("name", name);
                        recorded.add(new Reported(action, imageId, attributes));
                    }

                    @Override
                    public void pruned(long reclaimedBytes) {
                        recorded.add(new Reported("prune", "", Map.of("reclaimed", Long.toString(reclaimedBytes))));
                    }
                });
    }

    private String importTar(byte[] tar, String reference, String... changes) throws Exception {
        return store.importImage(new ByteArrayInputStream(tar), new ImportRequest("-", reference, List.of(changes), null));
    }

    @Test
    void importStoresACanonicalOciConfigWhoseDigestIsTheImageId() throws Exception {
        String id = importTar(TAR, "busybox:1", "CMD [\"sh\"]", "ENV A=1", "WORKDIR /w", "USER nobody", "LABEL l=v",
                "ENTRYPOINT [\"/init\"]");

        byte[] configBytes = Files.readAllBytes(temp.resolve("images/configs").resolve(Digests.hex(id) + ".json"));
        assertEquals(Digests.of(configBytes), id);
        String diffId = Digests.of(TAR);
        assertEquals("{\"architecture\":\"amd64\",\"config\":{\"Cmd\":[\"sh\"],\"Entrypoint\":[\"/init\"],\"Env\":[\"A=1\"],"
                + "\"Labels\":{\"l\":\"v\"},\"User\":\"nobody\",\"WorkingDir\":\"/w\"},\"created\":\"2026-01-02T03:04:05Z\","
                + "\"history\":[{\"comment\":\"Imported from -\",\"created\":\"2026-01-02T03:04:05Z\"}],\"os\":\"linux\","
                + "\"rootfs\":{\"diff_ids\":[\"" + diffId + "\"],\"type\":\"layers\"}}",
                new String(configBytes, java.nio.charset.StandardCharsets.UTF_8).replace("\"" + arch() + "\"", "\"amd64\""));
        assertTrue(driver.hasLayer(diffId), "a one-layer image's chain id is its diff id");
        assertEquals("jocker\n", Files.readString(driver.layerPath(diffId).resolve("etc/hostname")));
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return arch.equals("x86_64") ? "amd64" : arch.equals("aarch64") ? "arm64" : arch;
    }

    @Test
    void aFileIsImportedWhereItLiesOrUncompressedAsAStreamWouldBe() throws Exception {
        Path plain = Files.write(temp.resolve("plain.tar"), TAR);
        Path gzipped = Files.write(temp.resolve("tar.gz"), gzip(TAR));

        String fromPlain = store.importImage(plain, new ImportRequest("plain.tar", "a", List.of(), "m"));
        String fromGzip = store.importImage(gzipped, new ImportRequest("tar.gz", "b", List.of(), "m"));
        String fromStream = store.importImage(new ByteArrayInputStream(TAR), new ImportRequest("-", "c", List.of(), "m"));

        String diffId = Digests.of(TAR);
        assertEquals(List.of(diffId), store.resolve(fromPlain).layerIds());
        assertEquals(List.of(diffId), store.resolve(fromGzip).layerIds());
        assertEquals(List.of(diffId), store.resolve(fromStream).layerIds());
        assertEquals("jocker\n", Files.readString(driver.layerPath(diffId).resolve("etc/hostname")));
        assertEquals(List.of(), names(temp.resolve("images/tmp")), "no provisional layer is left");
    }

    @Test
    void anAlreadyPresentLayerIsSharedAndItsSecondUnpackingDiscarded() throws Exception {
        String first = importTar(TAR, "a");
        String second = importTar(gzip(TAR), "b");

        String diffId = Digests.of(TAR);
        assertEquals(2, driver.created.size(), "each import unpacks under a provisional id");
        assertEquals(List.of(driver.created.get(0) + " -> " + diffId), driver.renamed, "only the first is kept");
        assertEquals(List.of(diffId.replace(':', '_')), names(temp.resolve("driver/layers")),
                "the gzip of the same tar has the same diff id, and the second copy is gone");
        assertNotEquals(first, second);
        assertEquals(store.resolve("a").layerIds(), store.resolve("b").layerIds());
        assertEquals(List.of(), names(temp.resolve("images/tmp")), "no provisional tar is left");
        assertEquals(List.of(Digests.hex(diffId) + ".json", Digests.hex(diffId) + ".tarsplit"), names(temp.resolve("images/layers")));
    }

    @Test
    void aDriverThatCannotRenameGetsTheLayerUnpackedAgainUnderItsId() throws Exception {
        driver.renames = false;
        String id = importTar(TAR, "a");

        String diffId = Digests.of(TAR);
        assertEquals(List.of(diffId), store.resolve(id).layerIds());
        assertEquals("jocker\n", Files.readString(driver.layerPath(diffId).resolve("etc/hostname")));
        assertEquals(List.of(diffId.replace(':', '_')), names(temp.resolve("driver/layers")));
        assertEquals(List.of(), names(temp.resolve("images/tmp")));
        assertArrayEquals(TAR, savedLayer("a", diffId), "the index written by the second unpacking rebuilds the tar");
    }

    /** The layer {@code diffId} as {@code save} writes it. */
    private byte[] savedLayer(String image, String diffId) throws Exception {
        Path saved = temp.resolve("saved.tar");
        try (FileChannel out = FileChannel.open(saved, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            store.save(List.of(image), out);
        }
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(saved))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals("blobs/sha256/" + Digests.hex(diffId))) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no layer " + diffId + " in the saved archive");
    }

    @Test
    void aProvisionalLayerOfAProcessThatDiedIsRemovedByTheNextImport() throws Exception {
        long dead = new ProcessBuilder("true").start().onExit().get().pid();
        String abandoned = "pending:" + dead + "-0123456789abcdef";
        Files.writeString(driver.createLayer(abandoned).resolve("half"), "unpacked");
        Files.createDirectories(temp.resolve("images/tmp"));
        Files.writeString(temp.resolve("images/tmp/pending-" + dead + "-0123456789abcdef.tarsplit"), "partial");
        Files.writeString(temp.resolve("images/tmp/pending-" + dead + "-0123456789abcdef.tarsplit.rescued"), "partial");
        String alive = "pending:" + ProcessHandle.current().pid() + "-fedcba9876543210";
        driver.createLayer(alive);
        Files.writeString(temp.resolve("images/tmp/pending-" + ProcessHandle.current().pid() + "-fedcba9876543210.tarsplit"), "");

        importTar(TAR, "a");

        assertFalse(Files.exists(driver.layerPath(abandoned)), "the dead process's layer is removed");
        assertTrue(Files.exists(driver.layerPath(alive)), "a running process's layer is left alone");
        assertEquals(List.of("pending-" + ProcessHandle.current().pid() + "-fedcba9876543210.tarsplit"),
                names(temp.resolve("images/tmp")));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theMessageReplacesTheDefaultHistoryComment() throws Exception {
        String id = store.importImage(new ByteArrayInputStream(TAR), new ImportRequest("/tmp/x.tar", null, List.of(), "hi"));
        assertEquals("hi", store.resolve(id).config().history().get(0).comment());
        String other = store.importImage(new ByteArrayInputStream(TAR), new ImportRequest("/tmp/x.tar", null, List.of(), null));
        assertEquals("Imported from /tmp/x.tar", store.resolve(other).config().history().get(0).comment());
    }

    @Test
    void listShowsOneLinePerTagAndNoneForUntaggedNewestFirst() throws Exception {
        String tagged = importTar(TAR, "busybox");
        store.tag("busybox", "localhost:5000/bb:v2");
        String untagged = importTar(OTHER_TAR, null);

        List<ImageSummary> list = store.list();

        assertEquals(List.of(
                new ImageSummary("<none>", "<none>", untagged, START.plusSeconds(1), "x".length(), 0, Map.of()),
                new ImageSummary("busybox", "latest", tagged, START, "jocker\n".length(), 0, Map.of()),
                new ImageSummary("localhost:5000/bb", "v2", tagged, START, "jocker\n".length(), 0, Map.of())), list);
        assertTrue(list.get(0).dangling());
        assertFalse(list.get(1).dangling());
    }

    @Test
    void everyChangeIsRecordedAsDockersImageEventsWithTheImagesLabels() throws Exception {
        String id = importTar(TAR, "app", "LABEL team=a");
        store.tag("app", "app:2");
        store.remove("app:2", false, ContainerUsage.NONE);
        savedLayer("app", Digests.of(TAR));
        store.remove("app", false, ContainerUsage.NONE);

        assertEquals(List.of("import " + id, "tag app:latest", "tag app:2", "untag " + id, "save " + id, "untag " + id,
                "delete " + id), recorded.stream().map(e -> e.action() + " " + e.attributes().get("name")).toList());
        assertTrue(recorded.stream().allMatch(e -> e.imageId().equals(id)
                && "a".equals(e.attributes().get("team"))));
    }

    @Test
    void pruneRemovesDanglingImagesOrWithAllEveryUnusedOne() throws Exception {
        String used = importTar(TAR, "used");
        String tagged = importTar(new Tars().file("big", "0123456789").bytes(), "app", "LABEL keep=yes");
        String dangling = importTar(OTHER_TAR, null);
        ContainerUsage usage = imageId -> imageId.equals(used) ? Optional.of(new ContainerUsage.User("c".repeat(64), false)) : Optional.empty();
        recorded.clear();

        ImageStore.Pruned pruned = store.prune(PruneRequest.DANGLING, usage);

        assertEquals(List.of("Deleted: " + dangling, "Deleted: " + Digests.of(OTHER_TAR)),
                pruned.removed().stream().map(Object::toString).toList());
        assertEquals(1, pruned.reclaimedBytes(), "the bytes of the deleted layer");
        assertEquals(List.of("delete", "prune"), recorded.stream().map(Reported::action).toList());
        assertEquals(Map.of("reclaimed", "1"), recorded.get(1).attributes());

        assertEquals(List.of(), store.prune(new PruneRequest(false, null, labels -> !labels.containsKey("keep")), usage).removed());
        ImageStore.Pruned all = store.prune(new PruneRequest(false, null, labels -> true), usage);
        assertEquals(List.of("Untagged: app:latest", "Deleted: " + tagged), all.removed().stream().limit(2).map(Object::toString).toList());
        assertEquals(10, all.reclaimedBytes());
        assertEquals(List.of("used"), store.list().stream().map(ImageSummary::repository).toList(), "a container uses it");
    }

    @Test
    void pruneUntilKeepsNewerImages() throws Exception {
        importTar(OTHER_TAR, null);
        assertEquals(List.of(), store.prune(new PruneRequest(true, START.minusSeconds(1), labels -> true), ContainerUsage.NONE)
                .removed());
        assertEquals(2, store.prune(new PruneRequest(true, START.plusSeconds(1), labels -> true), ContainerUsage.NONE)
                .removed().size());
    }

    @Test
    void layersSizeCountsEachLayerOnce() throws Exception {
        importTar(TAR, "one");
        importTar(TAR, "two");
        importTar(OTHER_TAR, "three");
        assertEquals("jocker\n".length() + "x".length(), store.layersSize());
    }

    @Test
    void lookupsWorkByNameTagFullIdAndUniquePrefix() throws Exception {
        String id = importTar(TAR, "app:1.0");

        assertEquals(id, store.resolve("app:1.0").id());
        assertEquals(id, store.resolve(id).id());
        assertEquals(id, store.resolve(Digests.hex(id)).id());
        assertEquals(id, store.resolve(Digests.hex(id).substring(0, 5)).id());
        assertEquals(List.of(Digests.of(TAR)), store.resolve("app:1.0").layerIds());
        assertEquals("Unable to find image 'app:latest' locally",
                assertThrows(ImageNotFoundException.class, () -> store.resolve("app")).getMessage());
        assertEquals("invalid reference format: repository name must be lowercase",
                assertThrows(InvalidReferenceException.class, () -> store.resolve("App")).getMessage());
        assertThrows(ImageNotFoundException.class, () -> store.resolve("sha256:" + "0".repeat(64)));
    }

    @Test
    void anAmbiguousIdPrefixIsRefused() throws Exception {
        Map<Character, String> byFirstChar = new HashMap<>();
        String ambiguous = null;
        while (ambiguous == null) {
            String id = importTar(TAR, null);
            char first = Digests.hex(id).charAt(0);
            if (byFirstChar.putIfAbsent(first, id) != null) {
                ambiguous = String.valueOf(first);
            }
        }
        String prefix = ambiguous;
        assertEquals("multiple IDs found with provided prefix: " + prefix,
                assertThrows(ImageException.class, () -> store.resolve(prefix)).getMessage());
    }

    @Test
    void taggingMovesATagAndTheOldImageBecomesDangling() throws Exception {
        String first = importTar(TAR, "app");
        String second = importTar(OTHER_TAR, null);

        store.tag(second, "app");

        assertEquals(second, store.resolve("app").id());
        assertTrue(store.list().stream().anyMatch(s -> s.id().equals(first) && s.repository().equals("<none>")));
        assertThrows(InvalidReferenceException.class, () -> store.tag("app", "Bad:tag"));
        assertThrows(ImageNotFoundException.class, () -> store.tag("nothing", "x"));
    }

    @Test
    void removingOneOfTwoTagsOnlyUntags() throws Exception {
        String id = importTar(TAR, "app:1");
        store.tag("app:1", "app:2");

        assertEquals(List.of("Untagged: app:1"),
                store.remove("app:1", false, ContainerUsage.NONE).stream().map(Object::toString).toList());
        assertEquals(id, store.resolve("app:2").id());
    }

    @Test
    void removingTheLastTagDeletesTheImageAndItsUnsharedLayers() throws Exception {
        String id = importTar(TAR, "app");
        String diffId = Digests.of(TAR);

        List<String> records = store.remove("app", false, ContainerUsage.NONE).stream().map(Object::toString).toList();

        assertEquals(List.of("Untagged: app:latest", "Deleted: " + id, "Deleted: " + diffId), records);
        assertFalse(driver.hasLayer(diffId));
        assertFalse(Files.exists(driver.layerPath(diffId)));
        assertEquals(List.of(), store.list());
        try (Stream<Path> configs = Files.list(temp.resolve("images/configs"));
                Stream<Path> layers = Files.list(temp.resolve("images/layers"))) {
            assertEquals(0, configs.count() + layers.count());
        }
    }

    @Test
    void aLayerSharedWithAnotherImageIsKept() throws Exception {
        importTar(TAR, "one");
        importTar(TAR, "two");

        store.remove("one", false, ContainerUsage.NONE);
        assertTrue(driver.hasLayer(Digests.of(TAR)));
        store.remove("two", false, ContainerUsage.NONE);
        assertFalse(driver.hasLayer(Digests.of(TAR)));
    }

    @Test
    void anImageAStoppedContainerUsesIsDeletedOnlyWhenForcedAndItsLayersStayUntilTheContainerGoes() throws Exception {
        String id = importTar(TAR, "x");
        String container = "c".repeat(64);
        ContainerUsage stopped = imageId -> imageId.equals(id) ? Optional.of(new ContainerUsage.User(container, false))
                : Optional.empty();

        ImageConflictException conflict = assertThrows(ImageConflictException.class, () -> store.remove("x", false, stopped));
        assertEquals("conflict: unable to remove repository reference \"x\" (must force) - container cccccccccccc"
                + " is using its referenced image " + Digests.hex(id).substring(0, 12), conflict.getMessage());
        assertEquals("conflict: unable to delete " + Digests.hex(id).substring(0, 12)
                        + " (must be forced) - image is being used by stopped container cccccccccccc",
                assertThrows(ImageConflictException.class, () -> store.remove(id, false, stopped)).getMessage());

        // moby's ImageDelete: forced, a stopped container is no conflict; the image goes, untagged and deleted.
        assertEquals(List.of("Untagged: x:latest", "Deleted: " + id),
                store.remove("x", true, stopped).stream().map(Object::toString).toList());
        assertThrows(ImageNotFoundException.class, () -> store.resolve(id));
        assertEquals(List.of(), store.list());
        assertTrue(driver.hasLayer(Digests.of(TAR)), "the stopped container stands on the layer");

        importTar(OTHER_TAR, "other");
        assertTrue(driver.hasLayer(Digests.of(TAR)), "a clean-up of abandoned layers keeps it too");
        store.remove("other", false, stopped);
        store.releaseHeldIfFree(stopped);
        assertTrue(driver.hasLayer(Digests.of(TAR)), "kept while the container is there");
        assertEquals(List.of(Digests.of(TAR)), store.layersOf(id), "diff and commit still find the container's layers");
        store.releaseHeldIfFree(ContainerUsage.NONE);
        assertFalse(driver.hasLayer(Digests.of(TAR)), "released once no container uses it");
    }

    @Test
    void anRmiReleasesTheLayersOfAnImageDeletedEarlierOnceItsContainerWent() throws Exception {
        String id = importTar(TAR, "x");
        ContainerUsage stopped = imageId -> imageId.equals(id) ? Optional.of(new ContainerUsage.User("c".repeat(64), false))
                : Optional.empty();
        store.remove("x", true, stopped);
        importTar(OTHER_TAR, "other");

        store.remove("other", false, ContainerUsage.NONE);
        assertFalse(driver.hasLayer(Digests.of(TAR)));
        assertThrows(ImageNotFoundException.class, () -> store.layersOf(id));
    }

    @Test
    void anImageARunningContainerUsesIsNeverDeletedAndForcedByTagOnlyUntagged() throws Exception {
        String id = importTar(TAR, "x");
        ContainerUsage running = imageId -> imageId.equals(id) ? Optional.of(new ContainerUsage.User("c".repeat(64), true))
                : Optional.empty();

        assertEquals("conflict: unable to delete " + Digests.hex(id).substring(0, 12)
                        + " (cannot be forced) - image is being used by running container cccccccccccc",
                assertThrows(ImageConflictException.class, () -> store.remove(id, true, running)).getMessage());
        assertEquals(List.of("Untagged: x:latest"),
                store.remove("x", true, running).stream().map(Object::toString).toList());
        assertEquals(id, store.resolve(id).id(), "the running container still needs the image");
        assertTrue(driver.hasLayer(Digests.of(TAR)));
    }

    @Test
    void tagAndRmiSayDockersNoSuchImageAndTagChecksBothReferencesAsDockersClient() throws Exception {
        importTar(TAR, "x");

        assertEquals("No such image: nosuch:latest",
                assertThrows(ImageNotFoundException.class, () -> store.tag("nosuch", "y")).getMessage());
        assertEquals("No such image: nosuch:latest",
                assertThrows(ImageNotFoundException.class, () -> store.remove("nosuch", false, ContainerUsage.NONE)).getMessage());
        assertEquals("Error parsing reference: \"UPPER\" is not a valid repository/tag: invalid reference format:"
                        + " repository name (library/UPPER) must be lowercase",
                assertThrows(InvalidReferenceException.class, () -> store.tag("x", "UPPER")).getMessage());
        assertEquals("Error parsing reference: \":bad\" is not a valid repository/tag: invalid reference format",
                assertThrows(InvalidReferenceException.class, () -> store.tag(":bad", "y")).getMessage());
        assertEquals("refusing to create a tag with a digest reference", assertThrows(InvalidReferenceException.class,
                () -> store.tag("x", "y@sha256:" + "0".repeat(64))).getMessage());
        store.tag(store.resolve("x").id(), "y");
        assertEquals(store.resolve("x").id(), store.resolve("y").id());
    }

    @Test
    void removingByIdAnImageInSeveralRepositoriesNeedsForce() throws Exception {
        String id = importTar(TAR, "a");
        store.tag("a", "b:1");

        assertThrows(ImageConflictException.class, () -> store.remove(id, false, ContainerUsage.NONE));
        assertEquals(List.of("Untagged: a:latest", "Untagged: b:1", "Deleted: " + id, "Deleted: " + Digests.of(TAR)),
                store.remove(id.substring(0, 15), true, ContainerUsage.NONE).stream().map(Object::toString).toList());
    }

    @Test
    void invalidReferencesAndChangesFailBeforeReadingOrWritingAnything() {
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the stream must not be read");
            }
        };
        assertThrows(InvalidReferenceException.class, () -> store.importImage(untouchable,
                new ImportRequest("-", "UPPER:tag", List.of(), null)));
        assertThrows(InvalidChangeException.class, () -> store.importImage(untouchable,
                new ImportRequest("-", "ok", List.of("RUN rm -rf /"), null)));
        assertEquals(List.of(), driver.created);
        assertFalse(Files.exists(temp.resolve("images/repositories.json")));
    }

    @Test
    void metadataSurvivesANewStoreInstance() throws Exception {
        String id = importTar(TAR, "persisted:v1");
        assertEquals(id, newStore().resolve("persisted:v1").id());
    }

    @Test
    void tagsFromTwoProcessesAreNeverLost() throws Exception {
        String id = importTar(TAR, "base");
        Path images = temp.resolve("images");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp", classpath,
                "-Xshare:off", TagMain.class.getName(), images.toString(), driver.home.toString(), id, "child", "40")
                .redirectErrorStream(true).start();
        List<Exception> failures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            try {
                store.tag(id, "parent:" + i);
            } catch (IOException | ImageException e) {
                failures.add(e);
            }
        }
        String output = new String(child.getInputStream().readAllBytes());
        assertEquals(0, child.waitFor(), output);
        assertEquals(List.of(), failures);

        long tags = store.list().stream().filter(s -> s.id().equals(id)).count();
        assertEquals(81, tags, "base plus 40 tags from each process");
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

}
