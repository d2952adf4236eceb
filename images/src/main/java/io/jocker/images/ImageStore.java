package io.jocker.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.images.tar.CorruptArchiveException;
import io.jocker.images.tar.Decompressor;
import io.jocker.images.tar.LayerTarWriter;
import io.jocker.images.tar.TarBlocks;
import io.jocker.linux.FaultPoints;
import io.jocker.linux.TempFile;
import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Images: {@code import}, {@code images}, {@code tag}, {@code rmi}, and resolving a name for
 * {@code run}. Layers live in the storage driver under their OCI chain ids; configs and tags are
 * JSON files under {@code imagesDir}, changed only under a lock shared with other processes.
 */
public final class ImageStore {

    private static final Logger LOG = Logger.getLogger(ImageStore.class.getName());
    private static final int SPOOL_MODE = 0600;

    private final StorageDriver driver;
    private final ImageMetadataStore metadata;
    private final ChangeParser changes;
    private final LayerStore layers;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ImageEvents events;

    /** A store that records no events: for the store used on its own. */
    public ImageStore(Path imagesDir, StorageDriver driver, KernelOps kernel, ObjectMapper mapper, Clock clock) {
        this(imagesDir, driver, kernel, mapper, clock, ImageEvents.NONE);
    }

    public ImageStore(Path imagesDir, StorageDriver driver, KernelOps kernel, ObjectMapper mapper, Clock clock, ImageEvents events) {
        this(imagesDir, driver, kernel, mapper, clock, events, Digests::sha256);
    }

    /** With the digests to hash layers with; tests pass ones that stall. */
    ImageStore(Path imagesDir, StorageDriver driver, KernelOps kernel, ObjectMapper mapper, Clock clock, ImageEvents events,
            Supplier<MessageDigest> digests) {
        this.events = events;
        this.driver = driver;
        this.metadata = new ImageMetadataStore(imagesDir, mapper);
        this.changes = new ChangeParser(mapper);
        this.layers = new LayerStore(driver, metadata, kernel, digests);
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Imports a root file system tar (plain, gzip, bzip2, xz or zstd) as a one-layer image and
     * returns its id. The stream is read once: unpacked, indexed and hashed in one pass, under a
     * provisional layer id until its diff id is known; a layer that turns out to be present already
     * is discarded. Memory stays bounded. A failed import leaves neither a layer nor metadata
     * behind. The caller closes {@code tar}.
     */
    public String importImage(InputStream tar, ImportRequest request) throws IOException, ImageException {
        return readingArchive("", () -> importLayer(request, () -> layers.unpack(tar)));
    }

    /**
     * As {@link #importImage(InputStream, ImportRequest)}, from a file: a plain tar's files are
     * copied from it without a detour; a FIFO or a pipe is streamed.
     */
    public String importImage(Path tar, ImportRequest request) throws IOException, ImageException {
        if (!Files.isRegularFile(tar)) {
            try (InputStream in = PipeInput.open(tar)) {
                return importImage(in, request);
            }
        }
        return readingArchive("", () -> importLayer(request, () -> layers.unpack(tar)));
    }

    /** Unpacks an imported layer once the request has been checked. */
    private interface Unpacking {
        LayerStore.PendingLayer unpack() throws IOException, ImageException;
    }

    /** The reference and changes are checked before anything is read or written. */
    private String importLayer(ImportRequest request, Unpacking unpacking) throws IOException, ImageException {
        Reference reference = request.reference() == null ? null : Reference.parse(request.reference());
        RunConfig runConfig = changes.apply(RunConfig.EMPTY, request.changes());
        LayerStore.PendingLayer layer = unpacking.unpack();
        String id;
        try {
            id = metadata.locked(() -> store(layer, reference, runConfig, request));
        } finally {
            layers.discard(layer);
        }
        imageEvent(id, id, runConfig, "import");
        if (reference != null) {
            imageEvent(id, reference.toString(), runConfig, "tag");
        }
        return id;
    }

    /** Docker's image event: the image's labels, and {@code name}. */
    private void imageEvent(String id, String name, RunConfig config, String action) {
        events.image(id, name, config == null || config.labels() == null ? Map.of() : config.labels(), action);
    }

    /** The same for a stored image, whose labels are read from its config. */
    private void imageEvent(String id, String name, String action) throws IOException {
        imageEvent(id, name, metadata.config(id).map(ImageConfig::config).orElse(null), action);
    }

    private String store(LayerStore.PendingLayer layer, Reference reference, RunConfig runConfig, ImportRequest request)
            throws IOException, ImageException {
        // A one-layer image's chain id is its diff id.
        String chainId = layer.diffId();
        boolean newLayer = !layers.has(chainId);
        try {
            if (newLayer) {
                layers.adopt(layer, chainId);
            }
            FaultPoints.reach("import.adopted");
            String created = clock.instant().toString();
            String comment = request.message() != null ? request.message() : "Imported from " + request.source();
            ImageConfig config = new ImageConfig(architecture(), runConfig, created,
                    List.of(new History(created, null, comment)), "linux", RootFs.layers(List.of(layer.diffId())));
            return writeImage(metadata.canonicalBytes(config), reference);
        } catch (IOException | ImageException | RuntimeException e) {
            if (newLayer) {
                layers.remove(chainId);
            }
            throw e;
        }
    }

    /** Writes a config and its tag; a failure removes the config again unless another tag still names it. */
    private String writeImage(byte[] configBytes, Reference reference) throws IOException {
        String imageId = Digests.of(configBytes);
        boolean existed = metadata.config(imageId).isPresent();
        try {
            metadata.writeConfig(imageId, configBytes);
            if (reference != null) {
                metadata.writeRepositories(metadata.repositories().with(reference, imageId));
            }
            return imageId;
        } catch (IOException | RuntimeException e) {
            if (!existed && metadata.repositories().referencesTo(imageId).isEmpty()) {
                metadata.deleteConfig(imageId);
            }
            throw e;
        }
    }

    /**
     * A new empty file on the layers' file system, for a layer being written; it has no name, so
     * nothing is left of it when its process dies.
     */
    public TempFile newSpool() throws IOException {
        return TempFile.in(metadata.tempDir(), SPOOL_MODE);
    }

    /** Whether the image {@code id} ({@code sha256:...}) is stored. */
    public boolean hasImage(String id) {
        return id.matches("sha256:[a-f0-9]{64}") && metadata.hasConfig(id);
    }

    /** The image a name, tag, digest reference or id names now, if any. */
    public Optional<String> imageIdOf(String nameOrId) throws IOException, ImageException {
        return metadata.shared(() -> {
            try {
                return Optional.of(find(nameOrId, metadata.repositories()).id());
            } catch (ImageNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    /** Whether the layer {@code chainId} is stored: a pull need not fetch it. */
    public boolean hasLayer(String chainId) throws IOException {
        return layers.has(chainId);
    }

    /**
     * Unpacks a pulled layer blob (plain, gzip or zstd) under a provisional id, hashing it in the
     * same pass; nothing is visible in the store until {@link #storePulled}. The caller closes
     * {@code raw} and the result.
     */
    public StagedLayer stageLayer(InputStream raw) throws IOException, ImageException {
        return readingArchive("invalid layer: ", () -> new StagedLayer(layers, layers.unpack(raw)));
    }

    /**
     * Publishes a pulled image, all or nothing: under the lock, its staged layers (each checked
     * against the config's diff id) are adopted, unless a concurrent pull stored the same layer
     * first, then its config, its tag and its digest reference. Returns the image id.
     */
    public String storePulled(PulledImage image) throws IOException, ImageException {
        ImageConfig config = ArchiveLoad.parse(mapper, image.config(), "invalid image config: ");
        List<String> diffIds = config.rootfs().diffIds();
        List<String> chain = Digests.chainIds(diffIds);
        String id = Digests.of(image.config());
        metadata.locked(() -> {
            List<String> adopted = new ArrayList<>();
            boolean newConfig = !metadata.hasConfig(id);
            try {
                for (int i = 0; i < chain.size(); i++) {
                    String chainId = chain.get(i);
                    if (layers.has(chainId)) {
                        continue;
                    }
                    StagedLayer staged = image.layers().get(chainId);
                    if (staged == null) {
                        throw new ImageException("layer " + diffIds.get(i) + " was removed while it was being pulled; pull again");
                    }
                    LayerStore.checkDigest(staged.diffId(), diffIds.get(i));
                    layers.adopt(staged.pending(), chainId);
                    staged.published();
                    adopted.add(chainId);
                }
                FaultPoints.reach("pull.layers");
                if (newConfig) {
                    metadata.writeConfig(id, image.config());
                }
                Repositories repositories = metadata.repositories();
                if (image.tag() != null) {
                    repositories = repositories.with(image.tag(), id);
                }
                if (image.manifestDigest() != null) {
                    repositories = repositories.withDigest(image.repository(), image.manifestDigest(), id);
                }
                metadata.writeRepositories(repositories);
                return null;
            } catch (IOException | ImageException | RuntimeException e) {
                if (newConfig) {
                    metadata.deleteConfig(id);
                }
                Collections.reverse(adopted);
                for (String chainId : adopted) {
                    layers.remove(chainId);
                }
                throw e;
            }
        });
        imageEvent(id, image.tag() != null ? image.tag().toString() : image.repository() + "@" + image.manifestDigest(), "pull");
        return id;
    }

    /** The config and layers of the image {@code nameOrId} names, for a push. */
    public PushableImage pushable(String nameOrId) throws IOException, ImageException {
        return metadata.shared(() -> {
            String id = find(nameOrId, metadata.repositories()).id();
            ImageConfig config = metadata.config(id).orElseThrow(() -> new ImageNotFoundException("No such image: " + nameOrId));
            List<LayerRecord> records = new ArrayList<>();
            for (String chainId : Digests.chainIds(config.rootfs().diffIds())) {
                records.add(layers.record(chainId).orElseThrow(() -> new ImageException("layer " + chainId + " of image "
                        + id + " is missing; remove the image and pull or load it again")));
            }
            return new PushableImage(id, metadata.configBytes(id), records);
        });
    }

    /**
     * Writes a layer's tar, byte for byte the one its diff id names, to {@code out}; the store stays
     * shared-locked meanwhile, so the layer cannot be removed underneath.
     */
    public void writeLayer(LayerRecord layer, OutputStream out) throws IOException, ImageException {
        metadata.shared(() -> {
            TarBlocks tar = TarBlocks.to(out);
            layers.write(layer, tar);
            tar.flush();
            return null;
        });
    }

    /** How many sources a layer keeps: enough for the repositories it is pushed to, bounded. */
    private static final int MAX_BLOB_SOURCES = 16;

    /** Where registries hold the blobs of the layer {@code diffId} ({@code sha256:...}), the newest first. */
    public List<BlobSource> blobSources(String diffId) throws IOException, ImageException {
        return metadata.shared(() -> metadata.blobSources(diffId));
    }

    /** Records where registries hold layers' blobs (diff id to source), each first in its layer's list. */
    public void recordBlobSources(Map<String, BlobSource> sources) throws IOException, ImageException {
        metadata.locked(() -> {
            for (Map.Entry<String, BlobSource> source : sources.entrySet()) {
                List<BlobSource> kept = new ArrayList<>();
                kept.add(source.getValue());
                for (BlobSource old : metadata.blobSources(source.getKey())) {
                    boolean same = old.digest().equals(source.getValue().digest())
                            && old.repository().equals(source.getValue().repository());
                    if (!same && kept.size() < MAX_BLOB_SOURCES) {
                        kept.add(old);
                    }
                }
                metadata.writeBlobSources(source.getKey(), kept);
            }
            return null;
        });
    }

    /** Docker's RepoDigests of an image: the digest references ({@code repo@sha256:...}) pulls recorded for it. */
    public List<String> repoDigests(String imageId) throws IOException, ImageException {
        return metadata.shared(() -> metadata.repositories().digestsTo(imageId));
    }

    /** The name of the storage driver whose layers this store holds. */
    public String storageDriver() {
        return driver.name();
    }

    /** Checks {@code --change} instructions and a {@code REPO[:TAG]} before any work is done. */
    public void validate(List<String> changeList, String reference) throws ImageException {
        changes.apply(RunConfig.EMPTY, changeList);
        if (reference != null) {
            Reference.parse(reference);
        }
    }

    /**
     * {@code docker commit}: {@code layerTar} (the container's changes, whose sha256 is {@code
     * diffId}) becomes one new layer on top of the parent image's, which are shared, not copied.
     * An empty tar adds no layer, only a history entry, as Docker does. The layer is unpacked
     * before the store is locked, which it is only to publish the image.
     */
    public String commit(Path layerTar, String diffId, CommitRequest request) throws IOException, ImageException {
        Reference reference = request.reference() == null ? null : Reference.parse(request.reference());
        String id = commitUnlocked(layerTar, diffId, request, reference);
        imageEvent(id, id, "create");
        if (reference != null) {
            imageEvent(id, reference.toString(), "tag");
        }
        return id;
    }

    private String commitUnlocked(Path layerTar, String diffId, CommitRequest request, Reference reference)
            throws IOException, ImageException {
        RunConfig runConfig = changes.apply(request.runConfig(), request.changes());
        boolean empty = diffId.equals(LayerTarWriter.EMPTY_TAR_DIGEST);
        LayerStore.PendingLayer layer = empty ? null : layers.unpack(layerTar);
        try {
            if (layer != null) {
                LayerStore.checkDigest(layer.diffId(), diffId);
            }
            return metadata.locked(() -> publishCommit(layer, runConfig, reference, request));
        } finally {
            if (layer != null) {
                layers.discard(layer);
            }
        }
    }

    private String publishCommit(LayerStore.PendingLayer layer, RunConfig runConfig, Reference reference, CommitRequest request)
            throws IOException, ImageException {
        ImageConfig parent = metadata.configOrHeld(request.parentImageId()).orElseThrow(() -> new ImageNotFoundException(
                "the image " + request.parentImageId() + " of the container no longer exists"));
        List<String> diffIds = new ArrayList<>(parent.rootfs().diffIds());
        String chainId = null;
        boolean newLayer = false;
        if (layer != null) {
            diffIds.add(layer.diffId());
            chainId = Digests.chainIds(diffIds).get(diffIds.size() - 1);
            newLayer = !layers.has(chainId);
        }
        try {
            if (newLayer) {
                layers.adopt(layer, chainId);
            }
            FaultPoints.reach("commit.layer");
            String created = clock.instant().toString();
            List<History> history = new ArrayList<>(parent.history());
            history.add(new History(created, request.createdBy(), request.message(), layer == null ? Boolean.TRUE : null));
            ImageConfig config = new ImageConfig(parent.architecture() == null ? architecture() : parent.architecture(),
                    runConfig, created, history, parent.os() == null ? "linux" : parent.os(), RootFs.layers(diffIds));
            return writeImage(metadata.canonicalBytes(config), reference);
        } catch (IOException | ImageException | RuntimeException e) {
            if (newLayer) {
                layers.remove(chainId);
            }
            throw e;
        }
    }

    /**
     * {@code docker history}: the steps of an image, newest first, each with the size of the layer
     * it added. Steps beyond the recorded history (images built without one) show a bare layer.
     */
    public List<HistoryEntry> history(String nameOrId) throws IOException, ImageException {
        return metadata.shared(() -> {
            String id = find(nameOrId, metadata.repositories()).id();
            ImageConfig config = metadata.config(id).orElseThrow(() -> new ImageNotFoundException("No such image: " + nameOrId));
            List<String> chain = Digests.chainIds(config.rootfs().diffIds());
            List<HistoryEntry> entries = new ArrayList<>();
            int layer = 0;
            for (History step : config.history()) {
                long size = 0;
                if (!step.isEmptyLayer() && layer < chain.size()) {
                    size = layers.contentSize(chain.get(layer++));
                }
                entries.add(new HistoryEntry(null, step.created(), step.createdBy(), size, step.comment()));
            }
            for (; layer < chain.size(); layer++) {
                entries.add(new HistoryEntry(null, null, null, layers.contentSize(chain.get(layer)), null));
            }
            Collections.reverse(entries);
            if (!entries.isEmpty()) {
                HistoryEntry top = entries.get(0);
                entries.set(0, new HistoryEntry(id, top.created(), top.createdBy(), top.size(), top.comment()));
            }
            return entries;
        });
    }

    /**
     * {@code docker save}: writes the images to {@code out} as one archive (see {@link
     * ImageArchiveWriter}). An image named by a tag carries that tag; one named by id carries none.
     * The store stays locked while writing, so no layer can be removed underneath; readers share
     * the lock, so they do not wait for a save whose reader is slow.
     */
    public void save(List<String> names, WritableByteChannel out) throws IOException, ImageException {
        metadata.shared(() -> {
            Map<String, List<Reference>> tags = new LinkedHashMap<>();
            Repositories repositories = metadata.repositories();
            for (String name : names) {
                Lookup lookup = find(name, repositories);
                List<Reference> references = tags.computeIfAbsent(lookup.id(), id -> new ArrayList<>());
                if (lookup.reference() != null && !references.contains(lookup.reference())) {
                    references.add(lookup.reference());
                }
            }
            List<SavedImage> images = new ArrayList<>();
            for (Map.Entry<String, List<Reference>> image : tags.entrySet()) {
                String id = image.getKey();
                ImageConfig config = metadata.config(id).orElseThrow(() -> new ImageNotFoundException("No such image: " + id));
                List<LayerRecord> records = new ArrayList<>();
                for (String chainId : Digests.chainIds(config.rootfs().diffIds())) {
                    records.add(layers.record(chainId).orElseThrow(() -> new ImageException("layer " + chainId + " of image "
                            + id + " is missing; remove the image and import it again")));
                }
                images.add(new SavedImage(id, metadata.configBytes(id), records, image.getValue()));
            }
            new ImageArchiveWriter(mapper, layers).write(images, out);
            for (SavedImage image : images) {
                imageEvent(image.id(), image.id(), "save");
            }
            return null;
        });
    }

    /**
     * {@code docker load}: every image of a docker-archive or OCI layout archive (plain or
     * compressed) with its tags; returns Docker's lines ({@code Loaded image: NAME} or {@code Loaded
     * image ID: ID}). Either every image is stored or, on any error, nothing new is left behind.
     */
    public List<String> load(InputStream archive) throws IOException, ImageException {
        Path dir = layers.newExtractionDirectory();
        try {
            return readingArchive(INVALID_IMAGE_ARCHIVE, () -> {
                try (ArchiveFiles files = ArchiveFiles.extract(archive, dir)) {
                    return load(files);
                }
            });
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * {@code docker load -i FILE}: as {@link #load(InputStream)}, but an uncompressed archive file
     * is read where it lies: its layers are unpacked straight from it, not extracted first. A
     * directory is read as an unpacked archive (an OCI layout directory, as podman and skopeo
     * write one), with the same checks.
     */
    public List<String> load(Path archive) throws IOException, ImageException {
        if (Files.isDirectory(archive)) {
            try (ArchiveFiles files = ArchiveFiles.directory(archive)) {
                return load(files);
            }
        }
        if (!Files.isRegularFile(archive) || !isUncompressed(archive)) {
            try (InputStream in = Files.isRegularFile(archive) ? Files.newInputStream(archive) : PipeInput.open(archive)) {
                return load(in);
            }
        }
        try (ArchiveFiles files = ArchiveFiles.inPlace(archive)) {
            return readingArchive(INVALID_IMAGE_ARCHIVE, () -> load(files));
        }
    }

    private static final String INVALID_IMAGE_ARCHIVE = "invalid image archive: ";

    /** Reads an archive, or a layer in one; what it reads is the user's file. */
    private interface ArchiveReading<T> {
        T read() throws IOException, ImageException;
    }

    /** A truncated or corrupt stream found anywhere while reading is the archive's fault, said as such. */
    private static <T> T readingArchive(String prefix, ArchiveReading<T> reading) throws IOException, ImageException {
        try {
            return reading.read();
        } catch (CorruptArchiveException e) {
            throw new InvalidArchiveException(prefix + e.getMessage(), e);
        }
    }

    private static boolean isUncompressed(Path file) throws IOException, ImageException {
        try (InputStream in = Files.newInputStream(file)) {
            return Decompressor.open(in).format().equals(Decompressor.NONE);
        }
    }

    private List<String> load(ArchiveFiles files) throws IOException, ImageException {
        // What a killed load left: its extraction directory, or a layer that only a retry, unpacking nothing, would use.
        layers.removeAbandonedIfFree();
        List<ArchivedImage> images = new ImageArchiveReader(mapper).read(files);
        List<String> loaded = new ArchiveLoad(metadata, layers, mapper).store(images);
        for (ArchivedImage image : images) {
            String id = Digests.of(image.config());
            imageEvent(id, id, "load");
        }
        return loaded;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * Every image, newest first; one line per tag, or one {@code <none>} line for an untagged image.
     * Each layer counts once per image; the part shared with other images is reported apart, so a
     * total over images can leave shared layers out instead of counting them twice.
     */
    public List<ImageSummary> list() throws IOException, ImageException {
        return metadata.shared(() -> {
            Repositories repositories = metadata.repositories();
            Map<String, ImageConfig> configs = new LinkedHashMap<>();
            Map<String, Integer> users = new HashMap<>();
            for (String id : metadata.imageIds()) {
                Optional<ImageConfig> config = metadata.config(id);
                if (config.isPresent()) {
                    configs.put(id, config.get());
                    for (String chainId : new HashSet<>(Digests.chainIds(config.get().rootfs().diffIds()))) {
                        users.merge(chainId, 1, Integer::sum);
                    }
                }
            }
            List<ImageSummary> summaries = new ArrayList<>();
            for (Map.Entry<String, ImageConfig> image : configs.entrySet()) {
                String id = image.getKey();
                Instant created = createdOf(image.getValue());
                long size = 0;
                long shared = 0;
                for (String chainId : new HashSet<>(Digests.chainIds(image.getValue().rootfs().diffIds()))) {
                    long layerSize = layers.contentSize(chainId);
                    size += layerSize;
                    shared += users.get(chainId) > 1 ? layerSize : 0;
                }
                List<Reference> references = repositories.referencesTo(id);
                Map<String, String> labels = labelsOf(image.getValue());
                List<String> digests = repositories.digestsTo(id);
                if (references.isEmpty() && digests.isEmpty()) {
                    summaries.add(new ImageSummary(ImageSummary.NONE, ImageSummary.NONE, id, created, size, shared, labels));
                }
                if (references.isEmpty()) {
                    // Pulled by digest only: Docker lists the repository without a tag.
                    for (String digest : digests) {
                        int at = digest.indexOf('@');
                        summaries.add(new ImageSummary(digest.substring(0, at), ImageSummary.NONE, id, created, size, shared, labels,
                                digest.substring(at + 1)));
                    }
                }
                for (Reference reference : references) {
                    String digest = digests.stream().filter(d -> d.startsWith(reference.repository() + "@"))
                            .map(d -> d.substring(d.indexOf('@') + 1)).findFirst().orElse(ImageSummary.NONE);
                    summaries.add(new ImageSummary(reference.repository(), reference.tag(), id, created, size, shared, labels, digest));
                }
            }
            summaries.sort(Comparator.comparing(ImageSummary::created).reversed()
                    .thenComparing(ImageSummary::repository).thenComparing(ImageSummary::tag));
            return summaries;
        });
    }

    private static Map<String, String> labelsOf(ImageConfig config) {
        return config.config() == null || config.config().labels() == null ? Map.of() : config.config().labels();
    }

    /**
     * The bytes of every layer the store holds, each counted once: {@code system df}'s size of
     * the images.
     */
    public long layersSize() throws IOException, ImageException {
        return metadata.shared(() -> {
            Set<String> chainIds = new HashSet<>();
            for (String id : metadata.imageIds()) {
                metadata.config(id).ifPresent(c -> chainIds.addAll(Digests.chainIds(c.rootfs().diffIds())));
            }
            long total = 0;
            for (String chainId : chainIds) {
                total += layers.contentSize(chainId);
            }
            return total;
        });
    }

    /** What {@link #prune} removed, in {@code rmi}'s lines, and the bytes of the layers it deleted. */
    public record Pruned(List<RemovalRecord> removed, long reclaimedBytes) {}

    /**
     * {@code image prune}: the images the request selects (see {@link PruneRequest}) that no
     * container uses. Each is removed as {@code
     * rmi} would remove it (by each of its tags), so a store changed meanwhile is never forced; an
     * image that cannot be removed is skipped with a warning, as Docker skips it.
     */
    public Pruned prune(PruneRequest request, ContainerUsage usage) throws IOException, ImageException {
        boolean danglingOnly = request.danglingOnly();
        Optional<Instant> until = Optional.ofNullable(request.until());
        Map<String, List<Reference>> candidates = new LinkedHashMap<>();
        Map<String, Long> layerSizes = new HashMap<>();
        metadata.locked(() -> {
            releaseHeld(usage);
            return null;
        });
        metadata.shared(() -> {
            Repositories repositories = metadata.repositories();
            for (String id : metadata.imageIds()) {
                Optional<ImageConfig> config = metadata.config(id);
                List<Reference> references = repositories.referencesTo(id);
                if (config.isEmpty() || danglingOnly && !references.isEmpty()
                        || until.isPresent() && createdOf(config.get()).isAfter(until.get())
                        || !request.labels().test(labelsOf(config.get())) || usage.containerUsing(id).isPresent()) {
                    continue;
                }
                candidates.put(id, references);
                for (String chainId : Digests.chainIds(config.get().rootfs().diffIds())) {
                    layerSizes.put(chainId, layers.contentSize(chainId));
                }
            }
            return null;
        });
        List<RemovalRecord> removed = new ArrayList<>();
        long reclaimed = 0;
        for (Map.Entry<String, List<Reference>> image : candidates.entrySet()) {
            List<String> names = image.getValue().isEmpty() ? List.of(image.getKey())
                    : image.getValue().stream().map(Reference::toString).toList();
            try {
                for (String name : names) {
                    for (RemovalRecord record : remove(name, false, usage)) {
                        removed.add(record);
                        if (record.kind() == RemovalRecord.Kind.DELETED) {
                            reclaimed += layerSizes.getOrDefault(record.value(), 0L);
                        }
                    }
                }
            } catch (ImageException | IOException e) {
                LOG.warning("cannot prune image " + image.getKey() + ": " + e.getMessage());
            }
        }
        events.pruned(reclaimed);
        return new Pruned(removed, reclaimed);
    }

    /** Loaded configs may lack a creation time or use an offset; those sort as the epoch. */
    private static Instant createdOf(ImageConfig config) {
        try {
            return config.created() == null ? Instant.EPOCH : OffsetDateTime.parse(config.created()).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** {@code docker tag SOURCE TARGET}: points {@code target} at the image {@code source} names, moving the tag if needed. */
    public void tag(String source, String target) throws IOException, ImageException {
        // Docker's client checks both references before asking its daemon.
        checkTagReference(source, true);
        checkTagReference(target, false);
        Reference reference = Reference.parse(target);
        metadata.locked(() -> {
            Repositories repositories = metadata.repositories();
            String id = findOrNoSuchImage(source, repositories).id();
            metadata.writeRepositories(repositories.with(reference, id));
            imageEvent(id, reference.toString(), "tag");
            return null;
        });
    }

    private static void checkTagReference(String text, boolean source) throws InvalidReferenceException {
        ImageName name;
        try {
            if (source && ImageName.isId(text)) {
                return;
            }
            name = ImageName.parseNormalized(text);
        } catch (InvalidReferenceException e) {
            throw new InvalidReferenceException("Error parsing reference: \"" + text + "\" is not a valid repository/tag: "
                    + e.getMessage());
        }
        if (!source && name.digest() != null) {
            throw new InvalidReferenceException("refusing to create a tag with a digest reference");
        }
    }

    /** The image a name, tag, id or unique id prefix names, with its config and layer chain. */
    public ResolvedImage resolve(String nameOrId) throws IOException, ImageException {
        return metadata.shared(() -> {
            String id = find(nameOrId, metadata.repositories()).id();
            ImageConfig config = metadata.config(id).orElseThrow(() -> new IOException("image " + id + " has no config"));
            List<String> layerIds = Digests.chainIds(config.rootfs().diffIds());
            for (String layerId : layerIds) {
                if (!driver.hasLayer(layerId)) {
                    throw new IOException("layer " + layerId + " of image " + id + " is missing from the "
                            + driver.name() + " storage driver; remove the image and import it again");
                }
            }
            return new ResolvedImage(id, config, layerIds);
        });
    }

    /**
     * {@code docker rmi}, as moby's {@code ImageDelete}: removing a tag untags, and removing the
     * last one deletes the image and the layers no other image needs. Refuses, unless {@code
     * force}, to untag the last tag of an image a container uses. By id, refuses an image that a
     * running container uses, and unless {@code force} one in several repositories or one that a
     * stopped container uses. A forced removal by tag of an image a running container uses only
     * untags it. An image deleted while a stopped container uses it leaves every listing, but its
     * layers stay until no container stands on them.
     */
    public List<RemovalRecord> remove(String nameOrId, boolean force, ContainerUsage usage)
            throws IOException, ImageException {
        return metadata.locked(() -> {
            releaseHeld(usage);
            Repositories repositories = metadata.repositories();
            Lookup lookup = findOrNoSuchImage(nameOrId, repositories);
            String id = lookup.id();
            List<Reference> references = repositories.referencesTo(id);
            Optional<ContainerUsage.User> user = usage.containerUsing(id);
            boolean running = user.filter(ContainerUsage.User::running).isPresent();
            List<RemovalRecord> records = new ArrayList<>();
            if (lookup.reference() != null) {
                if (!force && references.size() == 1 && user.isPresent()) {
                    throw new ImageConflictException("conflict: unable to remove repository reference \"" + nameOrId
                            + "\" (must force) - container " + shortId(user.get().id())
                            + " is using its referenced image " + shortId(id));
                }
                references = List.of(lookup.reference());
            } else if (lookup.digestReference() == null) {
                // Docker's order of conflicts; none of them untags anything.
                if (running) {
                    throw deleteConflict(id, true, "image is being used by running container " + shortId(user.get().id()));
                }
                if (!force && references.stream().map(Reference::repository).distinct().count() > 1) {
                    throw deleteConflict(id, false, "image is referenced in multiple repositories");
                }
                if (!force && user.isPresent()) {
                    throw deleteConflict(id, false, "image is being used by stopped container " + shortId(user.get().id()));
                }
            }
            if (lookup.digestReference() != null) {
                references = List.of();
                repositories = repositories.withoutDigest(lookup.digestReference());
                records.add(new RemovalRecord(RemovalRecord.Kind.UNTAGGED, lookup.digestReference()));
            }
            for (Reference reference : references) {
                repositories = repositories.without(reference);
                records.add(new RemovalRecord(RemovalRecord.Kind.UNTAGGED, reference.toString()));
            }
            // Docker deletes an image left without references quietly, unless a container that runs uses it,
            // or, unforced, one that is stopped.
            boolean deleting = repositories.referencesTo(id).isEmpty() && !running && (force || user.isEmpty());
            boolean held = user.isPresent();
            if (deleting) {
                // As Docker: the digest references of an image go with its last tag.
                for (String digest : repositories.digestsTo(id)) {
                    repositories = repositories.withoutDigest(digest);
                    records.add(new RemovalRecord(RemovalRecord.Kind.UNTAGGED, digest));
                }
            }
            RunConfig config = metadata.config(id).map(ImageConfig::config).orElse(null);
            try {
                metadata.writeRepositories(repositories);
            } catch (IOException e) {
                if (!deleting) {
                    throw e;
                }
                // A full disk: deleting the image first frees the space to record that its tags are gone.
                // Meanwhile they name no image, and find() does not see them.
                delete(id, records, held);
                metadata.writeRepositories(repositories);
                untagAndDeleteEvents(id, config, references.size(), true);
                return records;
            }
            untagAndDeleteEvents(id, config, references.size(), false);
            if (deleting) {
                delete(id, records, held);
                imageEvent(id, id, config, "delete");
            }
            return records;
        });
    }

    private static ImageConflictException deleteConflict(String id, boolean hard, String why) {
        return new ImageConflictException("conflict: unable to delete " + shortId(id)
                + (hard ? " (cannot be forced) - " : " (must be forced) - ") + why);
    }

    /**
     * The layer chain (lowest first) of the image {@code imageId} (a full id) that a container was
     * created from, even if it was deleted since while the container stayed.
     */
    public List<String> layersOf(String imageId) throws IOException, ImageException {
        return metadata.shared(() -> {
            ImageConfig config = metadata.configOrHeld(imageId)
                    .orElseThrow(() -> new ImageNotFoundException("No such image: " + imageId));
            return Digests.chainIds(config.rootfs().diffIds());
        });
    }

    /**
     * After a container went: deletes the layers of images deleted while it used them, unless
     * another container still does; skipped when the store is busy, as the next {@code rmi} or
     * {@code image prune} does it too.
     */
    public void releaseHeldIfFree(ContainerUsage usage) throws IOException, ImageException {
        if (metadata.heldImageIds().isEmpty()) {
            return;
        }
        metadata.lockedIfFree(() -> {
            releaseHeld(usage);
            return null;
        });
    }

    /** Deletes the layers of images deleted while containers used them, once none does. The caller holds the lock. */
    private void releaseHeld(ContainerUsage usage) throws IOException {
        boolean released = false;
        for (String id : metadata.heldImageIds()) {
            if (usage.containerUsing(id).isEmpty()) {
                metadata.releaseHeldConfig(id);
                released = true;
            }
        }
        if (released) {
            for (String chainId : metadata.unusedLayers()) {
                layers.remove(chainId);
            }
        }
    }

    /** Docker's events for a removal: one {@code untag} per tag removed, and {@code delete} once the image is gone. */
    private void untagAndDeleteEvents(String id, RunConfig config, int untagged, boolean deleted) {
        for (int i = 0; i < untagged; i++) {
            imageEvent(id, id, config, "untag");
        }
        if (deleted) {
            imageEvent(id, id, config, "delete");
        }
    }

    /** Deletes an image; {@code held}: a container stands on its layers, which stay until {@link #releaseHeld}. */
    private void delete(String id, List<RemovalRecord> records, boolean held) throws IOException {
        ImageConfig config = metadata.config(id).orElseThrow(() -> new IOException("image " + id + " has no config"));
        if (held) {
            metadata.holdConfig(id);
            records.add(new RemovalRecord(RemovalRecord.Kind.DELETED, id));
            return;
        }
        metadata.deleteConfig(id);
        records.add(new RemovalRecord(RemovalRecord.Kind.DELETED, id));
        Set<String> stillUsed = new HashSet<>();
        for (String other : metadata.imageIds()) {
            Optional<ImageConfig> otherConfig = metadata.config(other);
            if (otherConfig.isPresent()) {
                stillUsed.addAll(Digests.chainIds(otherConfig.get().rootfs().diffIds()));
            }
        }
        List<String> chain = new ArrayList<>(Digests.chainIds(config.rootfs().diffIds()));
        Collections.reverse(chain);
        for (String chainId : chain) {
            if (!stillUsed.contains(chainId)) {
                layers.remove(chainId);
                records.add(new RemovalRecord(RemovalRecord.Kind.DELETED, chainId));
            }
        }
    }

    /**
     * How a user's string matched: by a tag (then {@code reference} is set), by a digest reference
     * ({@code digestReference}, {@code repo@sha256:...}) or by id.
     */
    private record Lookup(String id, Reference reference, String digestReference) {
        Lookup(String id, Reference reference) {
            this(id, reference, null);
        }
    }

    /** As {@link #find}, for a command that never pulls and so says Docker's {@code No such image}. */
    private Lookup findOrNoSuchImage(String text, Repositories repositories) throws IOException, ImageException {
        try {
            return find(text, repositories);
        } catch (ImageNotFoundException e) {
            throw e.asNoSuchImage();
        }
    }

    /** Docker's order: a name or tag first, then a full id or a unique id prefix. */
    private Lookup find(String text, Repositories repositories) throws IOException, ImageException {
        if (text == null || text.isEmpty()) {
            throw new InvalidReferenceException("invalid reference format");
        }
        String hex = Digests.hex(text);
        boolean idLike = hex.matches("[a-f0-9]{1,64}");
        Reference reference = null;
        if (!text.startsWith(Digests.SHA256) && text.contains("@")) {
            ImageName name = ImageName.parseNormalized(text);
            String pinned = repositories.lookupDigest(name.familiarName(), name.digest());
            if (pinned != null && metadata.hasConfig(pinned)) {
                return new Lookup(pinned, null, name.familiarName() + "@" + name.digest());
            }
            throw ImageNotFoundException.locally(name.familiarString());
        }
        if (!text.startsWith(Digests.SHA256)) {
            try {
                reference = Reference.parse(text);
            } catch (InvalidReferenceException e) {
                if (!idLike) {
                    throw e;
                }
            }
            String tagged = reference == null ? null : repositories.lookup(reference);
            if (tagged == null && reference != null) {
                // A full name (docker.io/library/busybox) finds what is stored under its familiar one.
                reference = normalized(text).orElse(reference);
                tagged = repositories.lookup(reference);
            }
            if (tagged != null && metadata.hasConfig(tagged)) {
                return new Lookup(tagged, reference);
            }
        } else if (!idLike) {
            throw new InvalidReferenceException("invalid reference format");
        }
        if (idLike) {
            List<String> matches = metadata.imageIds().stream().filter(id -> Digests.hex(id).startsWith(hex)).toList();
            if (matches.size() == 1) {
                return new Lookup(matches.get(0), null);
            }
            if (matches.size() > 1) {
                throw new ImageException("multiple IDs found with provided prefix: " + text);
            }
        }
        throw ImageNotFoundException.locally(reference != null ? reference.toString() : text);
    }

    private static Optional<Reference> normalized(String text) {
        try {
            return Optional.of(ImageName.parseNormalized(text).tagged());
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
    }

    private static String shortId(String id) {
        String hex = Digests.hex(id);
        return hex.substring(0, Math.min(12, hex.length()));
    }

    /** The OCI name of this JVM's architecture. */
    public static String architecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }
}
