package io.jocker.engine.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.FaultPoints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Stores the images read from a {@code load} archive, all or nothing: layers are unpacked and
 * checked against the config's diff ids, configs written, and tags set last; on any failure
 * everything this load created is removed again. The caller holds the store's lock.
 */
final class ArchiveLoad {

    private static final String DIGEST = "sha256:[a-f0-9]{64}";

    private final ImageMetadataStore metadata;
    private final LayerStore layers;
    private final ObjectMapper mapper;
    private final List<String> newLayers = new ArrayList<>();
    private final List<String> newConfigs = new ArrayList<>();

    ArchiveLoad(ImageMetadataStore metadata, LayerStore layers, ObjectMapper mapper) {
        this.metadata = metadata;
        this.layers = layers;
        this.mapper = mapper;
    }

    List<String> store(List<ArchivedImage> images) throws IOException, ImageException {
        try {
            Repositories repositories = metadata.repositories();
            List<String> loaded = new ArrayList<>();
            for (ArchivedImage image : images) {
                String id = storeImage(image);
                for (Reference reference : image.references()) {
                    repositories = repositories.with(reference, id);
                    loaded.add("Loaded image: " + reference);
                }
                if (image.references().isEmpty()) {
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

    private String storeImage(ArchivedImage image) throws IOException, ImageException {
        ImageConfig config = parse(image.config());
        List<String> diffIds = config.rootfs().diffIds();
        if (diffIds.size() != image.layers().size()) {
            throw new InvalidArchiveException("invalid image archive: the config lists " + diffIds.size()
                    + " layers but the manifest " + image.layers().size());
        }
        List<String> chain = Digests.chainIds(diffIds);
        for (int i = 0; i < chain.size(); i++) {
            if (layers.has(chain.get(i))) {
                continue;
            }
            String blobDigest = image.blobDigests().get(i);
            // An uncompressed OCI blob's digest is its diff id, which unpacking checks anyway.
            if (blobDigest != null && !blobDigest.equals(diffIds.get(i))) {
                ImageArchiveReader.verifyFile(image.layers().get(i), blobDigest);
            }
            newLayers.add(chain.get(i));
            layers.add(chain.get(i), diffIds.get(i), image.layers().get(i));
            FaultPoints.reach("load.layer");
        }
        String id = Digests.of(image.config());
        if (metadata.config(id).isEmpty()) {
            newConfigs.add(id);
            metadata.writeConfig(id, image.config());
        }
        return id;
    }

    private ImageConfig parse(byte[] bytes) throws InvalidArchiveException {
        ImageConfig config;
        try {
            config = mapper.readValue(bytes, ImageConfig.class);
        } catch (IOException e) {
            throw new InvalidArchiveException("invalid image archive: an image config is not valid JSON: " + e.getMessage(), e);
        }
        if (config.rootfs() == null || !"layers".equals(config.rootfs().type())) {
            throw new InvalidArchiveException("invalid image archive: an image config has no rootfs of type \"layers\"");
        }
        for (String diffId : config.rootfs().diffIds()) {
            if (diffId == null || !diffId.matches(DIGEST)) {
                throw new InvalidArchiveException("invalid image archive: malformed diff id \"" + diffId + "\"");
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
