package io.jocker.images;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jocker.images.tar.TarSplitWriter;
import io.jocker.linux.AtomicFiles;
import io.jocker.linux.TempFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The image metadata as JSON files under one directory, each written atomically:
 *
 * <pre>
 * repositories.json        tags, as {@link Repositories}
 * configs/&lt;hex&gt;.json       image configs; the file's sha256 is the image id
 * layers/&lt;hex&gt;.json        {@link LayerRecord}s by chain id
 * layers/&lt;hex&gt;.tarsplit    each layer's tar-split index, to rebuild its tar for save ({@link TarSplitWriter})
 * layers/&lt;hex&gt;.tar         the whole tar (plain or compressed), in roots written before the indexes
 * images.lock              shared by readers, held alone by a writer while it publishes
 * </pre>
 */
final class ImageMetadataStore {

    /** A file of a layer: its record, its index (and that index's spool), or its whole tar. */
    private static final Pattern LAYER_FILE = Pattern.compile("([a-f0-9]{64})\\.(json|tarsplit|tarsplit\\.rescued|tar)");

    private final Path dir;
    private final ObjectMapper mapper;
    private final ObjectMapper canonical;
    private final StoreLock lock;

    ImageMetadataStore(Path dir, ObjectMapper mapper) {
        this.dir = dir;
        this.mapper = mapper;
        this.canonical = canonical(mapper);
        this.lock = new StoreLock(dir.resolve("images.lock"));
    }

    /** Sorted keys, no whitespace: equal configs give equal bytes and so equal image ids. */
    private static ObjectMapper canonical(ObjectMapper mapper) {
        return JsonMapper.builder(mapper.getFactory())
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    /** Runs {@code action} holding the lock alone, for a change; keep it short: readers wait for it. */
    <T> T locked(StoreLock.Action<T> action) throws IOException, ImageException {
        Files.createDirectories(dir);
        return lock.exclusive(action);
    }

    /** Runs {@code action} holding the lock alone if it is free now; false if it is not, and nothing ran. */
    boolean lockedIfFree(StoreLock.Action<?> action) throws IOException, ImageException {
        Files.createDirectories(dir);
        return lock.tryExclusive(action);
    }

    /** Runs {@code action} while nothing changes, beside other readers. */
    <T> T shared(StoreLock.Action<T> action) throws IOException, ImageException {
        Files.createDirectories(dir);
        return lock.shared(action);
    }

    Path tempDir() throws IOException {
        return Files.createDirectories(dir.resolve("tmp"));
    }

    Repositories repositories() throws IOException {
        Path file = dir.resolve("repositories.json");
        return Files.exists(file) ? mapper.readValue(file.toFile(), Repositories.class) : Repositories.EMPTY;
    }

    void writeRepositories(Repositories repositories) throws IOException {
        AtomicFiles.write(dir.resolve("repositories.json"), mapper.writeValueAsBytes(repositories));
    }

    /** The canonical bytes of a config; their digest is the image id. */
    byte[] canonicalBytes(ImageConfig config) throws IOException {
        return canonical.writeValueAsBytes(config);
    }

    void writeConfig(String imageId, byte[] canonicalBytes) throws IOException {
        AtomicFiles.write(configFile(imageId), canonicalBytes);
    }

    Optional<ImageConfig> config(String imageId) throws IOException {
        Path file = configFile(imageId);
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                ? Optional.of(mapper.readValue(file.toFile(), ImageConfig.class))
                : Optional.empty();
    }

    boolean hasConfig(String imageId) {
        return Files.exists(configFile(imageId), LinkOption.NOFOLLOW_LINKS);
    }

    /** The stored config exactly as hashed into the image id. */
    byte[] configBytes(String imageId) throws IOException {
        return Files.readAllBytes(configFile(imageId));
    }

    void deleteConfig(String imageId) throws IOException {
        Files.deleteIfExists(configFile(imageId));
    }

    /**
     * Keeps the config of an image deleted while a stopped container still uses it out of every
     * listing and lookup, but keeps its layers, which the container's root file system stands on.
     */
    void holdConfig(String imageId) throws IOException {
        Path held = heldFile(imageId);
        Files.createDirectories(held.getParent());
        Files.move(configFile(imageId), held, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The ids of deleted images whose layers containers still use, sorted. */
    List<String> heldImageIds() throws IOException {
        return idsIn(dir.resolve("held"));
    }

    Optional<ImageConfig> heldConfig(String imageId) throws IOException {
        Path file = heldFile(imageId);
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                ? Optional.of(mapper.readValue(file.toFile(), ImageConfig.class))
                : Optional.empty();
    }

    /** The config of a stored image, or of a deleted one whose layers a container still uses. */
    Optional<ImageConfig> configOrHeld(String imageId) throws IOException {
        Optional<ImageConfig> config = config(imageId);
        return config.isPresent() ? config : heldConfig(imageId);
    }

    void releaseHeldConfig(String imageId) throws IOException {
        Files.deleteIfExists(heldFile(imageId));
    }

    /** Every stored image id, sorted. */
    List<String> imageIds() throws IOException {
        return idsIn(dir.resolve("configs"));
    }

    private static List<String> idsIn(Path configs) throws IOException {
        if (!Files.isDirectory(configs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(configs)) {
            List<String> ids = new ArrayList<>();
            files.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("[a-f0-9]{64}\\.json"))
                    .sorted()
                    .forEach(name -> ids.add(Digests.SHA256 + name.substring(0, 64)));
            return ids;
        }
    }

    void writeLayer(LayerRecord layer) throws IOException {
        AtomicFiles.write(layerFile(layer.chainId()), mapper.writeValueAsBytes(layer));
    }

    Optional<LayerRecord> layer(String chainId) throws IOException {
        Path file = layerFile(chainId);
        return Files.exists(file) ? Optional.of(mapper.readValue(file.toFile(), LayerRecord.class)) : Optional.empty();
    }

    void deleteLayer(String chainId) throws IOException {
        Files.deleteIfExists(layerFile(chainId));
    }

    /**
     * The chain ids of the layers that have files here (record, index, kept tar) but that no image
     * config lists, and removes the temporary files of processes that are gone. The caller holds
     * the lock.
     */
    List<String> unusedLayers() throws IOException {
        Path layers = dir.resolve("layers");
        if (!Files.isDirectory(layers)) {
            return List.of();
        }
        TempFile.removeAbandoned(layers);
        if (Files.isDirectory(dir.resolve("configs"))) {
            TempFile.removeAbandoned(dir.resolve("configs"));
        }
        TempFile.removeAbandoned(dir);
        Set<String> used = new HashSet<>();
        for (String id : imageIds()) {
            config(id).ifPresent(c -> used.addAll(Digests.chainIds(c.rootfs().diffIds())));
        }
        for (String id : heldImageIds()) {
            heldConfig(id).ifPresent(c -> used.addAll(Digests.chainIds(c.rootfs().diffIds())));
        }
        Set<String> unused = new TreeSet<>();
        try (Stream<Path> files = Files.list(layers)) {
            files.map(p -> LAYER_FILE.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Digests.SHA256 + m.group(1))
                    .filter(chainId -> !used.contains(chainId))
                    .forEach(unused::add);
        }
        return List.copyOf(unused);
    }

    /** The recorded sources of the blobs of the layer {@code diffId}, the newest first. */
    List<BlobSource> blobSources(String diffId) throws IOException {
        Path file = blobSourcesFile(diffId);
        return Files.exists(file) ? List.of(mapper.readValue(file.toFile(), BlobSource[].class)) : List.of();
    }

    void writeBlobSources(String diffId, List<BlobSource> sources) throws IOException {
        AtomicFiles.write(blobSourcesFile(diffId), mapper.writeValueAsBytes(sources));
    }

    boolean hasBlobSources(String diffId) {
        return Files.exists(blobSourcesFile(diffId));
    }

    void deleteBlobSources(String diffId) throws IOException {
        Files.deleteIfExists(blobSourcesFile(diffId));
    }

    /** Whether a stored layer record has the diff id {@code diffId}. */
    boolean hasLayerWithDiffId(String diffId) throws IOException {
        Path layers = dir.resolve("layers");
        if (!Files.isDirectory(layers)) {
            return false;
        }
        try (Stream<Path> files = Files.list(layers)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher name = LAYER_FILE.matcher(file.getFileName().toString());
                if (name.matches() && name.group(2).equals("json")
                        && layer(Digests.SHA256 + name.group(1)).map(l -> l.diffId().equals(diffId)).orElse(false)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Path blobSourcesFile(String diffId) {
        return dir.resolve("distribution").resolve(checkedHex(diffId) + ".json");
    }

    /** Where a layer's tar-split index goes; the directory may not exist yet. */
    Path layerIndex(String chainId) {
        return dir.resolve("layers").resolve(checkedHex(chainId) + ".tarsplit");
    }

    private Path configFile(String imageId) {
        return dir.resolve("configs").resolve(checkedHex(imageId) + ".json");
    }

    private Path heldFile(String imageId) {
        return dir.resolve("held").resolve(checkedHex(imageId) + ".json");
    }

    private Path layerFile(String chainId) {
        return dir.resolve("layers").resolve(checkedHex(chainId) + ".json");
    }

    /** Ids become file names, so only a full sha256 digest is accepted. */
    private static String checkedHex(String digest) {
        String hex = Digests.hex(digest);
        if (!digest.startsWith(Digests.SHA256) || !hex.matches("[a-f0-9]{64}")) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return hex;
    }
}
