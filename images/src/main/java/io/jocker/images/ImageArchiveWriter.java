package io.jocker.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.images.tar.TarBlocks;
import io.jocker.linux.FaultPoints;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes {@code docker save}'s archive as Docker 25 does: an OCI image layout ({@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/}) that also carries the docker-archive {@code
 * manifest.json}, both pointing at the same blobs. Layers are the uncompressed tars whose sha256
 * is their diff id, so a blob's name, its digest and the config's {@code diff_ids} agree. The
 * layer store rebuilds each from the layer's files, which the kernel copies into the archive.
 */
final class ImageArchiveWriter {

    /** What Docker writes into a tag's {@code io.containerd.image.name}: the familiar name made fully qualified. */
    private static final String DEFAULT_DOMAIN = "docker.io/";

    interface LayerSource {

        /** Writes the layer's uncompressed tar, exactly {@code layer.size()} bytes, to {@code out} as an entry's content (unpadded). */
        void write(LayerRecord layer, TarBlocks out) throws IOException, ImageException;
    }

    private final ObjectMapper mapper;
    private final LayerSource layers;

    ImageArchiveWriter(ObjectMapper mapper, LayerSource layers) {
        this.mapper = mapper;
        this.layers = layers;
    }

    void write(List<SavedImage> images, WritableByteChannel out) throws IOException, ImageException {
        TarBlocks tar = TarBlocks.to(out);
        directory(tar, "blobs/");
        directory(tar, "blobs/sha256/");
        Set<String> written = new HashSet<>();
        List<Map<String, Object>> manifests = new ArrayList<>();
        List<Map<String, Object>> index = new ArrayList<>();
        for (SavedImage image : images) {
            List<Map<String, Object>> layerDescriptors = new ArrayList<>();
            List<String> layerPaths = new ArrayList<>();
            for (LayerRecord layer : image.layers()) {
                if (written.add(layer.diffId())) {
                    layerBlob(tar, layer);
                    FaultPoints.reach("save.layer");
                }
                layerDescriptors.add(descriptor(OciMediaTypes.LAYER, layer.diffId(), layer.size()));
                layerPaths.add(blobPath(layer.diffId()));
            }
            if (written.add(image.id())) {
                file(tar, blobPath(image.id()), image.config());
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", OciMediaTypes.MANIFEST);
            manifest.put("config", descriptor(OciMediaTypes.CONFIG, image.id(), image.config().length));
            manifest.put("layers", layerDescriptors);
            byte[] manifestBytes = mapper.writeValueAsBytes(manifest);
            String manifestDigest = Digests.of(manifestBytes);
            if (written.add(manifestDigest)) {
                file(tar, blobPath(manifestDigest), manifestBytes);
            }
            List<String> repoTags = image.references().stream().map(Reference::toString).toList();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Config", blobPath(image.id()));
            entry.put("RepoTags", repoTags.isEmpty() ? null : repoTags);
            entry.put("Layers", layerPaths);
            manifests.add(entry);
            if (image.references().isEmpty()) {
                index.add(descriptor(OciMediaTypes.MANIFEST, manifestDigest, manifestBytes.length));
            }
            for (Reference reference : image.references()) {
                Map<String, Object> tagged = descriptor(OciMediaTypes.MANIFEST, manifestDigest, manifestBytes.length);
                // In key order, as Docker writes them; Map.of's order changes from one JVM to the next.
                Map<String, String> annotations = new LinkedHashMap<>();
                annotations.put(OciMediaTypes.IMAGE_NAME, qualified(reference));
                annotations.put(OciMediaTypes.REF_NAME, reference.tag());
                tagged.put("annotations", annotations);
                index.add(tagged);
            }
        }
        Map<String, Object> indexJson = new LinkedHashMap<>();
        indexJson.put("schemaVersion", 2);
        indexJson.put("mediaType", OciMediaTypes.INDEX);
        indexJson.put("manifests", index);
        file(tar, "index.json", mapper.writeValueAsBytes(indexJson));
        file(tar, "manifest.json", mapper.writeValueAsBytes(manifests));
        file(tar, "oci-layout", mapper.writeValueAsBytes(Map.of("imageLayoutVersion", "1.0.0")));
        tar.finish();
    }

    /** {@code busybox:latest} becomes {@code docker.io/library/busybox:latest}; names with a registry stay. */
    static String qualified(Reference reference) {
        String repository = reference.repository();
        int slash = repository.indexOf('/');
        String first = slash < 0 ? "" : repository.substring(0, slash);
        boolean hasDomain = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (hasDomain) {
            return reference.toString();
        }
        return DEFAULT_DOMAIN + (slash < 0 ? "library/" : "") + reference;
    }

    private static Map<String, Object> descriptor(String mediaType, String digest, long size) {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", digest);
        descriptor.put("size", size);
        return descriptor;
    }

    private static String blobPath(String digest) {
        return "blobs/sha256/" + Digests.hex(digest);
    }

    private void layerBlob(TarBlocks tar, LayerRecord layer) throws IOException, ImageException {
        TarArchiveEntry entry = entry(blobPath(layer.diffId()), TarConstants.LF_NORMAL);
        entry.setSize(layer.size());
        tar.header(entry);
        layers.write(layer, tar);
        tar.pad(layer.size());
    }

    private static void directory(TarBlocks tar, String name) throws IOException {
        TarArchiveEntry entry = entry(name, TarConstants.LF_DIR);
        entry.setMode(0755);
        tar.header(entry);
    }

    private static void file(TarBlocks tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL);
        entry.setSize(content.length);
        tar.header(entry);
        tar.content(content);
    }

    private static TarArchiveEntry entry(String name, byte type) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        if (type != TarConstants.LF_DIR) {
            entry.setMode(0644);
        }
        entry.setModTime(FileTime.fromMillis(0));
        return entry;
    }
}
