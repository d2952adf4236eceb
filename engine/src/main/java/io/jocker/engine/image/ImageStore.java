package io.jocker.engine.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Images: {@code import}, {@code images}, {@code tag}, {@code rmi}, and resolving a name for
 * {@code run}. Layers live in the storage driver under their OCI chain ids; configs and tags are
 * JSON files under {@code imagesDir}, changed only under a lock shared with other processes.
 */
public final class ImageStore {

    private final StorageDriver driver;
    private final ImageMetadataStore metadata;
    private final ChangeParser changes;
    private final TarUnpacker unpacker;
    private final Clock clock;

    public ImageStore(Path imagesDir, StorageDriver driver, KernelOps kernel, ObjectMapper mapper, Clock clock) {
        this.driver = driver;
        this.metadata = new ImageMetadataStore(imagesDir, mapper);
        this.changes = new ChangeParser(mapper);
        this.unpacker = new TarUnpacker(driver, kernel);
        this.clock = clock;
    }

    /**
     * Imports a root file system tar (plain, gzip, bzip2, xz or zstd) as a one-layer image and
     * returns its id. The stream is read once into a spool file beside the metadata while its diff
     * id is computed, so a layer already present is not unpacked again; memory stays bounded.
     * A failed import leaves neither a layer nor metadata behind. The caller closes {@code tar}.
     */
    public String importImage(InputStream tar, ImportRequest request) throws IOException, ImageException {
        Reference reference = request.reference() == null ? null : Reference.parse(request.reference());
        RunConfig runConfig = changes.apply(RunConfig.EMPTY, request.changes());
        Path spool = Files.createTempFile(metadata.tempDir(), "import-", ".spool");
        try {
            LayerRecord layer = spool(tar, spool);
            return metadata.locked(() -> store(layer, spool, reference, runConfig, request));
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private static LayerRecord spool(InputStream tar, Path spool) throws IOException, InvalidArchiveException {
        try (OutputStream out = Files.newOutputStream(spool);
                InputStream uncompressed = Decompressor.open(new TeeInputStream(tar, out)).stream()) {
            DigestingInputStream digesting = new DigestingInputStream(uncompressed);
            digesting.drain();
            String diffId = digesting.digest();
            return new LayerRecord(diffId, diffId, digesting.count());
        }
    }

    private String store(LayerRecord layer, Path spool, Reference reference, RunConfig runConfig, ImportRequest request)
            throws IOException, ImageException {
        boolean newLayer = !driver.hasLayer(layer.chainId());
        String imageId = null;
        try {
            if (newLayer) {
                unpackLayer(layer, spool);
                metadata.writeLayer(layer);
            }
            String created = clock.instant().toString();
            String comment = request.message() != null ? request.message() : "Imported from " + request.source();
            ImageConfig config = new ImageConfig(architecture(), runConfig, created,
                    List.of(new History(created, null, comment)), "linux", RootFs.layers(List.of(layer.diffId())));
            byte[] bytes = metadata.canonicalBytes(config);
            imageId = Digests.of(bytes);
            metadata.writeConfig(imageId, bytes);
            if (reference != null) {
                metadata.writeRepositories(metadata.repositories().with(reference, imageId));
            }
            return imageId;
        } catch (IOException | ImageException | RuntimeException e) {
            if (imageId != null && metadata.repositories().referencesTo(imageId).isEmpty()) {
                metadata.deleteConfig(imageId);
            }
            if (newLayer) {
                driver.removeLayer(layer.chainId());
                metadata.deleteLayer(layer.chainId());
            }
            throw e;
        }
    }

    private void unpackLayer(LayerRecord layer, Path spool) throws IOException, ImageException {
        // An uncommitted layer under this id is the leftover of an interrupted import.
        driver.removeLayer(layer.chainId());
        Path dir = driver.createLayer(layer.chainId());
        try (InputStream uncompressed = Decompressor.open(Files.newInputStream(spool)).stream()) {
            DigestingInputStream digesting = new DigestingInputStream(uncompressed);
            unpacker.unpack(digesting, dir);
            digesting.drain();
            if (!digesting.digest().equals(layer.diffId())) {
                throw new IOException("the spooled import " + spool + " changed while it was unpacked");
            }
        }
        driver.commitLayer(layer.chainId());
    }

    /** Every image, newest first; one line per tag, or one {@code <none>} line for an untagged image. */
    public List<ImageSummary> list() throws IOException, ImageException {
        return metadata.locked(() -> {
            Repositories repositories = metadata.repositories();
            List<ImageSummary> summaries = new ArrayList<>();
            for (String id : metadata.imageIds()) {
                Optional<ImageConfig> config = metadata.config(id);
                if (config.isEmpty()) {
                    continue;
                }
                Instant created = Instant.parse(config.get().created());
                long size = size(config.get());
                List<Reference> references = repositories.referencesTo(id);
                if (references.isEmpty()) {
                    summaries.add(new ImageSummary(ImageSummary.NONE, ImageSummary.NONE, id, created, size));
                }
                for (Reference reference : references) {
                    summaries.add(new ImageSummary(reference.repository(), reference.tag(), id, created, size));
                }
            }
            summaries.sort(Comparator.comparing(ImageSummary::created).reversed()
                    .thenComparing(ImageSummary::repository).thenComparing(ImageSummary::tag));
            return summaries;
        });
    }

    private long size(ImageConfig config) throws IOException {
        long size = 0;
        for (String chainId : Digests.chainIds(config.rootfs().diffIds())) {
            size += metadata.layer(chainId).map(LayerRecord::size).orElse(0L);
        }
        return size;
    }

    /** {@code docker tag SOURCE TARGET}: points {@code target} at the image {@code source} names, moving the tag if needed. */
    public void tag(String source, String target) throws IOException, ImageException {
        Reference reference = Reference.parse(target);
        metadata.locked(() -> {
            Repositories repositories = metadata.repositories();
            String id = find(source, repositories).id();
            metadata.writeRepositories(repositories.with(reference, id));
            return null;
        });
    }

    /** The image a name, tag, id or unique id prefix names, with its config and layer chain. */
    public ResolvedImage resolve(String nameOrId) throws IOException, ImageException {
        return metadata.locked(() -> {
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
     * {@code docker rmi}: removing a tag untags; when no tag remains the image and the layers no
     * other image needs are deleted. Refuses, unless {@code force}, when a container uses the
     * image and the removal would leave it dangling; with {@code force} such an image is untagged
     * but kept, because the container still runs on its layers.
     */
    public List<RemovalRecord> remove(String nameOrId, boolean force, ContainerUsage usage)
            throws IOException, ImageException {
        return metadata.locked(() -> {
            Repositories repositories = metadata.repositories();
            Lookup lookup = find(nameOrId, repositories);
            String id = lookup.id();
            List<Reference> references = repositories.referencesTo(id);
            Optional<String> container = usage.containerUsing(id);
            List<RemovalRecord> records = new ArrayList<>();
            if (lookup.reference() != null) {
                if (!force && references.size() == 1 && container.isPresent()) {
                    throw new ImageConflictException("conflict: unable to remove repository reference \"" + nameOrId
                            + "\" (must force) - container " + shortId(container.get())
                            + " is using its referenced image " + shortId(id));
                }
                references = List.of(lookup.reference());
            } else if (!force) {
                if (references.stream().map(Reference::repository).distinct().count() > 1) {
                    throw new ImageConflictException("conflict: unable to delete " + shortId(id)
                            + " (must be forced) - image is referenced in multiple repositories");
                }
                if (container.isPresent()) {
                    throw new ImageConflictException("conflict: unable to delete " + shortId(id)
                            + " (must be forced) - image is being used by container " + shortId(container.get()));
                }
            }
            for (Reference reference : references) {
                repositories = repositories.without(reference);
                records.add(new RemovalRecord(RemovalRecord.Kind.UNTAGGED, reference.toString()));
            }
            metadata.writeRepositories(repositories);
            if (repositories.referencesTo(id).isEmpty() && container.isEmpty()) {
                delete(id, records);
            }
            return records;
        });
    }

    private void delete(String id, List<RemovalRecord> records) throws IOException {
        ImageConfig config = metadata.config(id).orElseThrow(() -> new IOException("image " + id + " has no config"));
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
                driver.removeLayer(chainId);
                metadata.deleteLayer(chainId);
                records.add(new RemovalRecord(RemovalRecord.Kind.DELETED, chainId));
            }
        }
    }

    /** How a user's string matched: by a tag (then {@code reference} is set) or by id. */
    private record Lookup(String id, Reference reference) {}

    /** Docker's order: a name or tag first, then a full id or a unique id prefix. */
    private Lookup find(String text, Repositories repositories) throws IOException, ImageException {
        if (text == null || text.isEmpty()) {
            throw new InvalidReferenceException("invalid reference format");
        }
        String hex = Digests.hex(text);
        boolean idLike = hex.matches("[a-f0-9]{1,64}");
        Reference reference = null;
        if (!text.startsWith(Digests.SHA256)) {
            try {
                reference = Reference.parse(text);
            } catch (InvalidReferenceException e) {
                if (!idLike) {
                    throw e;
                }
            }
            if (reference != null && repositories.lookup(reference) != null) {
                return new Lookup(repositories.lookup(reference), reference);
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
        throw new ImageNotFoundException("Unable to find image '" + (reference != null ? reference : text) + "' locally");
    }

    private static String shortId(String id) {
        String hex = Digests.hex(id);
        return hex.substring(0, Math.min(12, hex.length()));
    }

    /** The OCI name of this JVM's architecture. */
    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }
}
