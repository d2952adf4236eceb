package io.jocker.engine.image;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** The stored config exactly as hashed into the image id. */
    byte[] configBytes(String imageId) throws IOException {
        return Files.readAllBytes(configFile(imageId));
    }

    void deleteConfig(String imageId) throws IOException {
        Files.deleteIfExists(configFile(imageId));
    }

    /** Every stored image id, sorted. */
    List<String> imageIds() throws IOException {
        Path configs = dir.resolve("configs");
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

    /** Where a layer's tar-split index goes; the directory may not exist yet. */
    Path layerIndex(String chainId) {
        return dir.resolve("layers").resolve(checkedHex(chainId) + ".tarsplit");
    }

    /** Where jocker kept a layer's whole tar before it wrote tar-split indexes. */
    Path keptLayerTar(String chainId) {
        return dir.resolve("layers").resolve(checkedHex(chainId) + ".tar");
    }

    private Path configFile(String imageId) {
        return dir.resolve("configs").resolve(checkedHex(imageId) + ".json");
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
