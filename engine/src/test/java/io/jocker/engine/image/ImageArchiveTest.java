package io.jocker.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.spi.KernelOps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** {@code save} and {@code load} through the image store: the archive's shape, round trips, and hostile archives. */
class ImageArchiveTest {

    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");
    private static final byte[] BASE = new Tars().dir("etc/", 0755).file("etc/hostname", "jocker\n").bytes();
    private static final byte[] TOP = new Tars().file("hello", "world\n").file("etc/.wh.hostname", "").bytes();

    @TempDir
    Path temp;

    private final ObjectMapper mapper = new ObjectMapper();
    private ImageStore store;
    private String base;
    private String top;

    @BeforeEach
    void createImages() throws Exception {
        store = newStore("a");
        base = store.importImage(new ByteArrayInputStream(BASE), new ImportRequest("-", "base", List.of(), null));
        Path layer = store.newSpool("test-");
        Files.write(layer, TOP);
        top = store.commit(layer, Digests.of(TOP), new CommitRequest(base, RunConfig.EMPTY, List.of("CMD [\"cat\",\"/hello\"]"),
                "second", "sh -c x", "localhost:5000/app:v1"));
    }

    private ImageStore newStore(String name) {
        return new ImageStore(temp.resolve(name + "/images"), new DirectoryStorageDriver(temp.resolve(name + "/driver")),
                mock(KernelOps.class), mapper, new TickingClock(START));
    }

    /** Saved to a file channel, as the CLI does, so layers take the kernel's copy path. */
    private byte[] save(ImageStore from, String... names) throws Exception {
        Path file = Files.createTempFile(temp, "saved-", ".tar");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            from.save(List.of(names), out);
        }
        return Files.readAllBytes(file);
    }

    private static Map<String, byte[]> entries(byte[] tar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void saveWritesDockerArchiveAndOciLayoutOverTheSameVerifiableBlobs() throws Exception {
        Map<String, byte[]> entries = entries(save(store, "localhost:5000/app:v1", "base"));

        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (e.getKey().startsWith("blobs/sha256/") && e.getKey().length() > "blobs/sha256/".length()) {
                assertEquals("sha256:" + e.getKey().substring("blobs/sha256/".length()), Digests.of(e.getValue()),
                        "every blob is named by its digest: " + e.getKey());
            }
        }
        assertEquals(2 + 2 + 2 + 2, entries.keySet().stream().filter(n -> n.startsWith("blobs/")).count(),
                "two dirs, two layers (the shared one once), two configs, two manifests");
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", new String(entries.get("oci-layout"), StandardCharsets.UTF_8));
        JsonNode manifest = mapper.readTree(entries.get("manifest.json"));
        assertEquals("localhost:5000/app:v1", manifest.get(0).get("RepoTags").get(0).asText());
        assertEquals("blobs/sha256/" + Digests.hex(top), manifest.get(0).get("Config").asText());
        JsonNode config = mapper.readTree(entries.get(manifest.get(0).get("Config").asText()));
        for (int i = 0; i < 2; i++) {
            assertEquals(config.get("rootfs").get("diff_ids").get(i).asText(),
                    Digests.of(entries.get(manifest.get(0).get("Layers").get(i).asText())), "layer blobs match the diff ids");
        }
        assertEquals(Digests.of(BASE), Digests.of(entries.get(manifest.get(1).get("Layers").get(0).asText())),
                "the imported tar comes back byte for byte");
        JsonNode index = mapper.readTree(entries.get("index.json"));
        JsonNode app = index.get("manifests").get(0);
        assertEquals("localhost:5000/app:v1", app.get("annotations").get("io.containerd.image.name").asText());
        assertEquals("v1", app.get("annotations").get("org.opencontainers.image.ref.name").asText());
        assertTrue(new String(entries.get("index.json"), StandardCharsets.UTF_8).contains("\"annotations\":{"
                + "\"io.containerd.image.name\":\"localhost:5000/app:v1\",\"org.opencontainers.image.ref.name\":\"v1\"}"),
                "annotations in a fixed order, so that saving twice gives the same bytes");
        assertEquals("docker.io/library/base:latest",
                index.get("manifests").get(1).get("annotations").get("io.containerd.image.name").asText());
        JsonNode ociManifest = mapper.readTree(entries.get("blobs/sha256/" + Digests.hex(app.get("digest").asText())));
        assertEquals(top, ociManifest.get("config").get("digest").asText());
        assertEquals(TOP.length, ociManifest.get("layers").get(1).get("size").asLong());
    }

    @Test
    void aSavedArchiveLoadsIntoAnotherStoreWithTheSameIdsTagsAndFiles() throws Exception {
        byte[] archive = save(store, "localhost:5000/app:v1", "base");
        ImageStore other = newStore("b");

        List<String> loaded = other.load(new ByteArrayInputStream(gzip(archive)));

        assertEquals(List.of("Loaded image: localhost:5000/app:v1", "Loaded image: base:latest"), loaded);
        assertEquals(top, other.resolve("localhost:5000/app:v1").id());
        assertEquals(store.resolve(top).layerIds(), other.resolve(top).layerIds());
        assertEquals(List.of("cat", "/hello"), other.resolve(top).config().config().cmd());
        assertEquals(save(store, "localhost:5000/app:v1", "base").length, save(other, "localhost:5000/app:v1", "base").length);
        assertTempIsEmpty("b");
    }

    @Test
    void anImageSavedByIdHasNoTagAndLoadsUntagged() throws Exception {
        byte[] archive = save(store, Digests.hex(top).substring(0, 12));
        assertTrue(mapper.readTree(entries(archive).get("manifest.json")).get(0).get("RepoTags").isNull());

        assertEquals(List.of("Loaded image ID: " + top), newStore("b").load(new ByteArrayInputStream(archive)));
    }

    @Test
    void anOciLayoutWithCompressedLayersAndNoManifestJsonLoads() throws Exception {
        byte[] layer = gzip(BASE);
        byte[] config = Files.readAllBytes(temp.resolve("a/images/configs").resolve(Digests.hex(base) + ".json"));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digests.of(config)
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"" + Digests.of(layer) + "\",\"size\":" + layer.length + "}]}";
        byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"" + Digests.of(manifestBytes) + "\",\"size\":" + manifestBytes.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v2\"}}]}";
        byte[] archive = new Tars().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
                .file("index.json", index)
                .file("blobs/sha256/" + Digests.hex(Digests.of(layer)), layer)
                .file("blobs/sha256/" + Digests.hex(Digests.of(config)), config)
                .file("blobs/sha256/" + Digests.hex(Digests.of(manifestBytes)), manifestBytes).bytes();
        ImageStore other = newStore("b");

        assertEquals(List.of("Loaded image ID: " + base), other.load(new ByteArrayInputStream(archive)),
                "a bare tag in ref.name names no repository");
        assertEquals(List.of(Digests.of(BASE)), other.resolve(base).layerIds());
        assertArrayEquals(BASE, entries(save(other, Digests.hex(base))).get("blobs/sha256/" + Digests.hex(Digests.of(BASE))),
                "a layer kept compressed is saved decompressed, under its diff id");
    }

    @Test
    void layersKeptWholeByAnOlderJockerAreSavedFromTheirTars() throws Exception {
        byte[] before = save(store, "localhost:5000/app:v1");
        Path layers = temp.resolve("a/images/layers");
        String baseLayer = Digests.hex(Digests.of(BASE));
        String topLayer = Digests.hex(Digests.chainIds(List.of(Digests.of(BASE), Digests.of(TOP))).get(1));
        // What an older jocker left: the whole tar, plain or as it arrived compressed, and no index.
        Files.delete(layers.resolve(baseLayer + ".tarsplit"));
        Files.write(layers.resolve(baseLayer + ".tar"), BASE);
        Files.delete(layers.resolve(topLayer + ".tarsplit"));
        Files.write(layers.resolve(topLayer + ".tar"), gzip(TOP));

        assertArrayEquals(before, save(store, "localhost:5000/app:v1"));

        store.remove("localhost:5000/app:v1", false, ContainerUsage.NONE);
        store.remove("base", false, ContainerUsage.NONE);
        try (Stream<Path> kept = Files.list(layers)) {
            assertEquals(List.of(), kept.toList(), "removing the images removes the kept tars");
        }
    }

    @Test
    void aLayerThatNamesAPathTwiceIsSavedWithBothContents() throws Exception {
        byte[] twice = new Tars().file("etc/hostname", "first\n").hardlink("etc/old", "etc/hostname")
                .file("etc/hostname", "second\n").dir("etc/", 0700).bytes();
        String id = store.importImage(new ByteArrayInputStream(twice), new ImportRequest("-", "twice", List.of(), null));

        byte[] archive = save(store, "twice");

        assertArrayEquals(twice, entries(archive).get("blobs/sha256/" + Digests.hex(Digests.of(twice))));
        assertEquals(List.of(Digests.of(twice)), store.resolve(id).layerIds());
    }

    @Test
    void namesAreFullyQualifiedInTheIndexAndFamiliarAgainWhenLoaded() throws Exception {
        assertEquals("docker.io/library/busybox:latest", ImageArchiveWriter.qualified(Reference.parse("busybox")));
        assertEquals("docker.io/me/app:v1", ImageArchiveWriter.qualified(Reference.parse("me/app:v1")));
        assertEquals("localhost:5000/app:v1", ImageArchiveWriter.qualified(Reference.parse("localhost:5000/app:v1")));
        assertEquals("quay.io/a/b:c", ImageArchiveWriter.qualified(Reference.parse("quay.io/a/b:c")));
        assertEquals(Reference.parse("busybox"), ImageArchiveReader.familiar("docker.io/library/busybox:latest"));
        assertEquals(Reference.parse("me/app:v1"), ImageArchiveReader.familiar("docker.io/me/app:v1"));
        assertThrows(InvalidReferenceException.class, () -> ImageArchiveReader.familiar("docker.io/library/UPPER:x"));
    }

    @Test
    void removingTheImagesRemovesTheLayerIndexesToo() throws Exception {
        try (Stream<Path> kept = Files.list(temp.resolve("a/images/layers"))) {
            assertEquals(2, kept.filter(p -> p.toString().endsWith(".tarsplit")).count());
        }
        store.remove("localhost:5000/app:v1", false, ContainerUsage.NONE);
        store.remove("base", false, ContainerUsage.NONE);

        try (Stream<Path> kept = Files.list(temp.resolve("a/images/layers"))) {
            assertEquals(List.of(), kept.toList());
        }
    }

    @Test
    void historyShowsEachStepNewestFirstWithItsLayerSize() throws Exception {
        List<HistoryEntry> history = store.history("localhost:5000/app:v1");

        assertEquals(2, history.size());
        assertEquals(new HistoryEntry(top, "2026-01-02T03:04:06Z", "sh -c x", 6, "second"), history.get(0));
        assertEquals(new HistoryEntry(null, "2026-01-02T03:04:05Z", null, 7, "Imported from -"), history.get(1));
    }

    @Test
    void anEmptyCommitAddsHistoryButNoLayer() throws Exception {
        Path empty = store.newSpool("test-");
        try (LayerTarWriter writer = new LayerTarWriter(Files.newOutputStream(empty))) {
            writer.finish();
        }
        assertEquals(LayerTarWriter.EMPTY_TAR_DIGEST, Digests.of(Files.readAllBytes(empty)));

        String id = store.commit(empty, LayerTarWriter.EMPTY_TAR_DIGEST,
                new CommitRequest(base, RunConfig.EMPTY, List.of(), null, "true", null));

        assertEquals(store.resolve(base).layerIds(), store.resolve(id).layerIds());
        assertTrue(store.resolve(id).config().history().get(1).isEmptyLayer());
        assertEquals(0, store.history(id).get(0).size());
    }

    /** Docker's size: the files' bytes ("jocker\n" below, "world\n" above), not the tars' 2 KiB and more. */
    @Test
    void imagesReportTheSharedPartOfTheirSize() throws Exception {
        Map<String, ImageSummary> byRepo = new LinkedHashMap<>();
        store.list().forEach(s -> byRepo.put(s.repository(), s));

        assertEquals(7 + 6, byRepo.get("localhost:5000/app").size());
        assertEquals(7, byRepo.get("localhost:5000/app").sharedSize());
        assertEquals(6, byRepo.get("localhost:5000/app").uniqueSize());
        assertEquals(0, byRepo.get("base").uniqueSize());
    }

    /** As moby's directory.Size: a hard link adds nothing, a symbolic link its target's length, a directory nothing. */
    @Test
    void theSizeCountsEachFileOnceAndLinksByTheirTarget() throws Exception {
        byte[] layer = new Tars().dir("d/", 0755).file("d/data", "0123456789").hardlink("d/same", "d/data")
                .symlink("d/link", "data").file("d/empty", "").bytes();
        String id = store.importImage(new ByteArrayInputStream(layer), new ImportRequest("-", "links", List.of(), null));

        assertEquals(10 + 4, store.list().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().size());
        assertEquals(10 + 4, store.history(id).get(0).size());
    }

    @Test
    void aLayerRecordedWithoutItsContentSizeIsMeasuredOnItsFiles() throws Exception {
        Path record = temp.resolve("a/images/layers").resolve(Digests.hex(Digests.of(BASE)) + ".json");
        ObjectNode written = (ObjectNode) mapper.readTree(record.toFile());
        written.remove("contentSize");
        mapper.writeValue(record.toFile(), written);

        assertEquals(7, store.history("base").get(0).size());
    }

    @Test
    void hostileArchivesAreRefusedAndLeaveNothingBehind() throws Exception {
        byte[] good = save(store, "localhost:5000/app:v1");
        Map<String, byte[]> parts = entries(good);
        String configName = mapper.readTree(parts.get("manifest.json")).get(0).get("Config").asText();
        String layerName = mapper.readTree(parts.get("manifest.json")).get(0).get("Layers").get(1).asText();
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("points outside the archive", rebuild(parts, "manifest.json",
                manifestWith(configName, "../../../etc/passwd")));
        cases.put("is not in the archive", rebuild(parts, "manifest.json", manifestWith(configName, "/etc/passwd")));
        cases.put("does not match its diff id", rebuild(parts, layerName, new Tars().file("hello", "evil\n").bytes()));
        cases.put("does not match its digest", rebuild(parts, configName, "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8)));
        cases.put("points outside the archive (/etc/passwd)", new Tars().file("manifest.json",
                "[{\"Config\":\"c.json\",\"Layers\":[]}]").symlink("c.json", "/etc/passwd").bytes());
        cases.put("\"../evil\" points outside the archive", new Tars().file("../evil", "x").bytes());
        cases.put("neither manifest.json", new Tars().file("hello", "x").bytes());
        cases.put("Truncated TAR archive", Arrays.copyOf(good, good.length / 2));
        ImageStore other = newStore("b");
        for (Map.Entry<String, byte[]> hostile : cases.entrySet()) {
            // from a stream (extracted first) and from a file (read where it lies)
            Path file = Files.write(temp.resolve("hostile.tar"), hostile.getValue());
            List<Executable> loads = List.of(() -> other.load(new ByteArrayInputStream(hostile.getValue())), () -> other.load(file));
            for (Executable load : loads) {
                Exception e = assertThrows(Exception.class, load, hostile.getKey());
                assertTrue(e.getMessage().contains(hostile.getKey()), e.toString());
                // A stream cut short fails while its content is copied, with the reader's own error.
                assertTrue(e instanceof InvalidArchiveException || load == loads.get(0) && e instanceof IOException, e.toString());
                assertTrue(other.list().isEmpty(), "no image after: " + hostile.getKey());
                assertFalse(Files.exists(temp.resolve("b/images/layers"))
                        && Files.list(temp.resolve("b/images/layers")).findAny().isPresent(), "no layer after: " + hostile.getKey());
                assertTempIsEmpty("b");
            }
        }
    }

    @Test
    void aTamperedBlobIsRefusedEvenWhenItsLayerIsStoredAlready() throws Exception {
        Map<String, byte[]> parts = entries(save(store, "localhost:5000/app:v1"));
        String baseBlob = "blobs/sha256/" + Digests.hex(Digests.of(BASE));
        byte[] evil = new Tars().dir("etc/", 0755).file("etc/hostname", "evil\n").bytes();
        byte[] tampered = rebuild(parts, baseBlob, evil);
        Path file = Files.write(temp.resolve("tampered.tar"), tampered);
        List<ImageSummary> before = store.list();
        List<Path> temporary = files(temp.resolve("a/images/tmp"));

        for (Executable load : List.<Executable>of(() -> store.load(new ByteArrayInputStream(tampered)), () -> store.load(file))) {
            InvalidArchiveException e = assertThrows(InvalidArchiveException.class, load);
            assertEquals("layer content does not match its diff id: expected " + Digests.of(BASE) + ", got " + Digests.of(evil),
                    e.getMessage());
        }

        assertEquals(before, store.list());
        assertEquals("jocker\n", Files.readString(temp.resolve("a/driver").resolve("layers")
                .resolve(Digests.of(BASE).replace(':', '_')).resolve("etc/hostname")));
        assertEquals(temporary, files(temp.resolve("a/images/tmp")), "the load left nothing behind");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.sorted().toList();
        }
    }

    @Test
    void anUncompressedArchiveFileIsLoadedInPlaceWithTheSameResult() throws Exception {
        byte[] archive = save(store, "localhost:5000/app:v1", "base");
        ImageStore other = newStore("b");

        List<String> loaded = other.load(Files.write(temp.resolve("saved.tar"), archive));

        assertEquals(List.of("Loaded image: localhost:5000/app:v1", "Loaded image: base:latest"), loaded);
        assertEquals(store.resolve(top).layerIds(), other.resolve(top).layerIds());
        assertArrayEquals(archive, save(other, "localhost:5000/app:v1", "base"), "the kept layer tars are the same bytes");
        assertTempIsEmpty("b");
    }

    /** As podman's {@code save --format oci-dir} and skopeo's {@code oci:DIR} leave it: an OCI layout, no manifest.json. */
    @Test
    void anOciLayoutDirectoryLoadsAsItsArchiveDoes() throws Exception {
        byte[] archive = save(store, "localhost:5000/app:v1");
        Path dir = unpack(archive, temp.resolve("layout"));
        Files.delete(dir.resolve("manifest.json"));
        ImageStore other = newStore("b");

        assertEquals(List.of("Loaded image: localhost:5000/app:v1"), other.load(dir));
        assertEquals(store.resolve(top).layerIds(), other.resolve("localhost:5000/app:v1").layerIds());
        assertArrayEquals(save(store, "localhost:5000/app:v1"), save(other, "localhost:5000/app:v1"));
        assertTrue(Files.exists(dir.resolve("index.json")), "the directory is left as it was");
        assertTempIsEmpty("b");
    }

    @Test
    void hostileDirectoriesAreRefusedAndLeaveNothingBehind() throws Exception {
        Map<String, byte[]> parts = entries(save(store, "localhost:5000/app:v1"));
        JsonNode manifest = mapper.readTree(parts.get("manifest.json")).get(0);
        String configName = manifest.get("Config").asText();
        String layerName = manifest.get("Layers").get(1).asText();
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("does not match its diff id", rebuild(parts, layerName, new Tars().file("hello", "evil\n").bytes()));
        cases.put("does not match its digest", rebuild(parts, configName, "{}".getBytes(StandardCharsets.UTF_8)));
        cases.put("points outside the archive (/etc/passwd)", new Tars().file("manifest.json",
                "[{\"Config\":\"c.json\",\"Layers\":[]}]").symlink("c.json", "/etc/passwd").bytes());
        cases.put("\"../../../../../../../etc/passwd\" points outside the archive", new Tars().file("manifest.json",
                "[{\"Config\":\"c.json\",\"Layers\":[]}]").symlink("c.json", "../../../../../../../etc/passwd").bytes());
        cases.put("has neither manifest.json", new Tars().file("hello", "x").bytes());
        ImageStore other = newStore("b");
        int n = 0;
        for (Map.Entry<String, byte[]> hostile : cases.entrySet()) {
            Path dir = unpack(hostile.getValue(), temp.resolve("hostile-" + n++));
            InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> other.load(dir), hostile.getKey());
            assertTrue(e.getMessage().contains(hostile.getKey()), e.toString());
            assertTrue(other.list().isEmpty(), "no image after: " + hostile.getKey());
            assertFalse(Files.exists(temp.resolve("b/images/layers"))
                    && Files.list(temp.resolve("b/images/layers")).findAny().isPresent(), "no layer after: " + hostile.getKey());
            assertTempIsEmpty("b");
        }
    }

    /** The regular files and symbolic links of {@code tar}, written under {@code dir}. */
    private static Path unpack(byte[] tar, Path dir) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = dir.resolve(e.getName());
                Files.createDirectories(target.getParent());
                if (e.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else if (e.isFile()) {
                    Files.write(target, in.readAllBytes());
                }
            }
        }
        return dir;
    }

    private byte[] manifestWith(String config, String secondLayer) throws IOException {
        return mapper.writeValueAsBytes(List.of(Map.of("Config", config, "RepoTags", List.of("x:y"),
                "Layers", List.of("blobs/sha256/" + Digests.hex(Digests.of(BASE)), secondLayer))));
    }

    private static byte[] rebuild(Map<String, byte[]> parts, String replaced, byte[] content) {
        Tars tars = new Tars();
        parts.forEach((name, bytes) -> {
            if (!name.endsWith("/")) {
                tars.file(name, name.equals(replaced) ? content : bytes);
            }
        });
        return tars.bytes();
    }

    private void assertTempIsEmpty(String name) throws IOException {
        if (!Files.exists(temp.resolve(name + "/images/tmp"))) {
            return;
        }
        try (Stream<Path> left = Files.list(temp.resolve(name + "/images/tmp"))) {
            assertEquals(List.of(), left.toList());
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
