package io.jocker.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.linux.FaultPoints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores the images read from a {@code load} archive, all or nothing. First, without the store's
 * lock, every layer blob is checked against its digests and the layers not stored yet are
 * unpacked under provisional ids; a blob whose layer is stored already is read and checked all the
 * same, so a tampered archive is refused whatever the store holds. Then, under the lock, the
 * layers are published, configs written, and tags set last; on any failure everything this load
 * created is removed again.
 */
final class ArchiveLoad {

    private static final String DIGEST = "sha256:[a-f0-9]{64}";

    private final ImageMetadataStore metadata;
    private final LayerStore layers;
    private final ObjectMapper mapper;
    /** Layers unpacked by this load, by chain id, until they are published or discarded. */
    private final Map<String, LayerStore.PendingLayer> pending = new HashMap<>();
    private final List<String> newLayers = new ArrayList<>();
    private final List<String> newConfigs = new ArrayList<>();

    ArchiveLoad(ImageMetadataStore metadata, LayerStore layers, ObjectMapper mapper) {
        this.metadata = metadata;
        this.layers = layers;
        this.mapper = mapper;
    }

    /** An image of the archive with its parsed config. */
    private record Checked(ArchivedImage image, List<String> diffIds, List<String> chain) {}

    /** A blob as one image reads it: the same file under the same diff id is checked once. */
    private record Blob(ArchiveFiles.ArchiveFile file, String diffId) {}

    List<String> store(List<ArchivedImage> images) throws IOException, ImageException {
        try {
            List<Checked> checked = new ArrayList<>();
            for (ArchivedImage image : images) {
                checked.add(check(image));
            }
            prepareLayers(checked);
            return metadata.locked(() -> publish(checked));
        } finally {
            for (LayerStore.PendingLayer layer : pending.values()) {
                layers.discard(layer);
            }
        }
    }

    private Checked check(ArchivedImage image) throws InvalidArchiveException {
        ImageConfig config = parse(mapper, image.config(), "invalid image archive: ");
        List<String> diffIds = config.rootfs().diffIds();
        if (diffIds.size() != image.layers().size()) {
            throw new InvalidArchiveException("invalid image archive: the config lists " + diffIds.size()
                    + " layers but the manifest " + image.layers().size());
        }
        return new Checked(image, diffIds, Digests.chainIds(diffIds));
    }

    /** Checks every blob; unpacks, under provisional ids, the layers the store lacks. */
    private void prepareLayers(List<Checked> images) throws IOException, ImageException {
        Set<Blob> verified = new HashSet<>();
        for (Checked image : images) {
            for (int i = 0; i < image.chain().size(); i++) {
                String chainId = image.chain().get(i);
                Blob blob = new Blob(image.image().layers().get(i), image.diffIds().get(i));
                if (verified.contains(blob) && (pending.containsKey(chainId) || layers.has(chainId))) {
                    continue;
                }
                verifyBlobDigest(blob, image.image().blobDigests().get(i));
                if (pending.containsKey(chainId) || layers.has(chainId)) {
                    layers.verify(blob.file(), blob.diffId());
                } else {
                    unpack(chainId, blob);
                }
                verified.add(blob);
            }
        }
    }

    /** A compressed OCI blob's digest is not its diff id, so it is checked on its own. */
    private static void verifyBlobDigest(Blob blob, String blobDigest) throws IOException, ImageException {
        if (blobDigest != null && !blobDigest.equals(blob.diffId())) {
            ImageArchiveReader.verifyFile(blob.file(), blobDigest);
        }
    }

    private LayerStore.PendingLayer unpack(String chainId, Blob blob) throws IOException, ImageException {
        LayerStore.PendingLayer layer = layers.unpack(blob.file());
        pending.put(chainId, layer);
        LayerStore.checkDigest(layer.diffId(), blob.diffId());
        return layer;
    }

    /** Under the lock: layers, configs, then tags. */
    private List<String> publish(List<Checked> images) throws IOException, ImageException {
        try {
            Repositories repositories = metadata.repositories();
            List<String> loaded = new ArrayList<>();
            for (Checked image : images) {
                String id = publish(image);
                for (Reference reference : image.image().references()) {
                    repositories = repositories.with(reference, id);
                    loaded.add("Loaded image: " + reference);
                }
                if (image.image().references().isEmpty()) {
                    loaded.add("Loaded image ID: " + id);
                }
            }
            metadata.writeRepositories(repositories);
            return loaded;
        } catch (IOException | ImageException | RuntimeException e) {
            rollBack(e);
            throw e;
        }
    }

    private String publish(Checked image) throws IOException, ImageException {
        for (int i = 0; i < image.chain().size(); i++) {
            String chainId = image.chain().get(i);
            if (layers.has(chainId)) {
                continue;
            }
            LayerStore.PendingLayer layer = pending.get(chainId);
            if (layer == null) {
                // Stored when the blobs were checked, removed since: rare enough to unpack under the lock.
                layer = unpack(chainId, new Blob(image.image().layers().get(i), image.diffIds().get(i)));
            }
            newLayers.add(chainId);
            layers.adopt(layer, chainId);
            FaultPoints.reach("load.layer");
        }
        String id = Digests.of(image.image().config());
        if (metadata.config(id).isEmpty()) {
            newConfigs.add(id);
            metadata.writeConfig(id, image.image().config());
        }
        return id;
    }

    /** An image config as an archive or a registry gives it, with its layers' diff ids checked. */
    static ImageConfig parse(ObjectMapper mapper, byte[] bytes, String prefix) throws InvalidArchiveException {
        ImageConfig config;
        try {
            config = mapper.readValue(bytes, ImageConfig.class);
        } catch (IOException e) {
            throw new InvalidArchiveException(prefix + "an image config is not valid JSON: " + e.getMessage(), e);
        }
        if (config.rootfs() == null || !"layers".equals(config.rootfs().type())) {
            throw new InvalidArchiveException(prefix + "an image config has no rootfs of type \"layers\"");
        }
        for (String diffId : config.rootfs().diffIds()) {
            if (diffId == null || !diffId.matches(DIGEST)) {
                throw new InvalidArchiveException(prefix + "malformed diff id \"" + diffId + "\"");
            }
        }
        return config;
    }

    private void rollBack(Exception failure) {
        try {
            for (String id : newConfigs) {
                metadata.deleteConfig(id);
            }
            List<String> reversed = new ArrayList<>(newLayers);
            Collections.reverse(reversed);
            for (String chainId : reversed) {
                layers.remove(chainId);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
