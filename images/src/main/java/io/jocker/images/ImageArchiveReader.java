package io.jocker.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the images of an extracted {@code load} archive: a docker-archive ({@code manifest.json},
 * as docker, podman and skopeo write it, preferred when both are present, as Docker does) or an
 * OCI image layout ({@code index.json} and {@code blobs/}). Every digest the archive states is
 * checked against the bytes; names are resolved by {@link ArchiveFiles}, so none leaves the archive.
 */
final class ImageArchiveReader {

    private static final String DIGEST = "sha256:[a-f0-9]{64}";
    private static final int MAX_INDEX_DEPTH = 4;

    private final ObjectMapper mapper;

    ImageArchiveReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    List<ArchivedImage> read(ArchiveFiles files) throws IOException, ImageException {
        if (files.contains("manifest.json")) {
            return dockerArchive(files);
        }
        if (files.contains("index.json")) {
            return ociLayout(files);
        }
        throw new InvalidArchiveException("invalid image archive: it has neither manifest.json (docker-archive)"
                + " nor index.json (OCI image layout)");
    }

    private List<ArchivedImage> dockerArchive(ArchiveFiles files) throws IOException, ImageException {
        JsonNode manifest = json(files, "manifest.json");
        if (!manifest.isArray()) {
            throw new InvalidArchiveException("invalid image archive: manifest.json is not a list");
        }
        List<ArchivedImage> images = new ArrayList<>();
        for (JsonNode entry : manifest) {
            String configName = text(entry, "Config", "manifest.json");
            byte[] config = readAll(files.file(configName));
            checkNamedDigest(configName, config);
            List<ArchiveFiles.ArchiveFile> layers = new ArrayList<>();
            List<String> digests = new ArrayList<>();
            for (JsonNode layer : array(entry, "Layers", "manifest.json")) {
                layers.add(files.file(layer.asText()));
                digests.add(null);
            }
            List<Reference> references = new ArrayList<>();
            for (JsonNode tag : entry.path("RepoTags")) {
                references.add(familiar(tag.asText()));
            }
            images.add(new ArchivedImage(config, layers, digests, references));
        }
        return images;
    }

    /** A config stored under its digest ({@code blobs/sha256/<hex>} or {@code <hex>.json}) must have that digest. */
    private static void checkNamedDigest(String name, byte[] content) throws InvalidArchiveException {
        String file = name.substring(name.lastIndexOf('/') + 1);
        String hex = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
        if (hex.matches("[a-f0-9]{64}") && !Digests.of(content).equals(Digests.SHA256 + hex)) {
            throw new InvalidArchiveException("invalid image archive: " + name + " does not match its digest (got "
                    + Digests.of(content) + ")");
        }
    }

    private List<ArchivedImage> ociLayout(ArchiveFiles files) throws IOException, ImageException {
        List<ArchivedImage> images = new ArrayList<>();
        for (JsonNode descriptor : array(json(files, "index.json"), "manifests", "index.json")) {
            collect(files, descriptor, images, 0);
        }
        return images;
    }

    private void collect(ArchiveFiles files, JsonNode descriptor, List<ArchivedImage> images, int depth)
            throws IOException, ImageException {
        String mediaType = descriptor.path("mediaType").asText();
        byte[] blob = verifiedBlob(files, descriptor);
        if (OciMediaTypes.isIndex(mediaType)) {
            if (depth >= MAX_INDEX_DEPTH) {
                throw new InvalidArchiveException("invalid image archive: indexes nested too deeply");
            }
            JsonNode nested = mapper.readTree(blob);
            JsonNode chosen = platformMatch(array(nested, "manifests", "an image index"));
            if (chosen != null) {
                collect(files, chosen, images, depth + 1);
            }
            return;
        }
        if (!OciMediaTypes.MANIFEST.equals(mediaType) && !OciMediaTypes.DOCKER_MANIFEST.equals(mediaType)) {
            throw new InvalidArchiveException("invalid image archive: unsupported manifest media type \"" + mediaType + "\"");
        }
        JsonNode manifest = mapper.readTree(blob);
        byte[] config = verifiedBlob(files, manifest.path("config"));
        List<ArchiveFiles.ArchiveFile> layers = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (JsonNode layer : array(manifest, "layers", "a manifest")) {
            String layerType = layer.path("mediaType").asText();
            if (layerType.contains("nondistributable") || layerType.contains("foreign")) {
                throw new InvalidArchiveException("invalid image archive: foreign layers (" + layerType + ") are not supported");
            }
            layers.add(files.file(blobPath(digest(layer))));
            digests.add(digest(layer));
        }
        images.add(new ArchivedImage(config, layers, digests, ociReference(descriptor)));
    }

    /** From a multi-platform index, the entry for this machine, else the first one. */
    private static JsonNode platformMatch(JsonNode manifests) {
        String arch = ImageStore.architecture();
        for (JsonNode m : manifests) {
            if (arch.equals(m.path("platform").path("architecture").asText()) && "linux".equals(m.path("platform").path("os").asText())) {
                return m;
            }
        }
        return manifests.size() > 0 ? manifests.get(0) : null;
    }

    /** The tag of an index entry: containerd's full name where present, else a ref.name that is a full reference. */
    private static List<Reference> ociReference(JsonNode descriptor) throws InvalidReferenceException {
        JsonNode annotations = descriptor.path("annotations");
        String name = annotations.path(OciMediaTypes.IMAGE_NAME).asText("");
        if (name.isEmpty()) {
            String ref = annotations.path(OciMediaTypes.REF_NAME).asText("");
            // A bare tag such as "latest" names no repository, so the image stays untagged.
            name = ref.contains(":") || ref.contains("/") ? ref : "";
        }
        return name.isEmpty() ? List.of() : List.of(familiar(name));
    }

    /** {@code docker.io/library/busybox:latest} as the user would write it: {@code busybox:latest}. */
    static Reference familiar(String name) throws InvalidReferenceException {
        String familiar = name;
        if (familiar.startsWith("docker.io/library/")) {
            familiar = familiar.substring("docker.io/library/".length());
        } else if (familiar.startsWith("docker.io/")) {
            familiar = familiar.substring("docker.io/".length());
        }
        return Reference.parse(familiar);
    }

    private static byte[] verifiedBlob(ArchiveFiles files, JsonNode descriptor) throws IOException, ImageException {
        String digest = digest(descriptor);
        byte[] content = readAll(files.file(blobPath(digest)));
        if (!Digests.of(content).equals(digest)) {
            throw new InvalidArchiveException("invalid image archive: blob " + digest + " does not match its digest (got "
                    + Digests.of(content) + ")");
        }
        return content;
    }

    private static byte[] readAll(ArchiveFiles.ArchiveFile file) throws IOException {
        try (InputStream in = file.open()) {
            return in.readAllBytes();
        }
    }

    /** Hashes a blob; for layers whose descriptor digest is not their diff id (compressed ones). */
    static void verifyFile(ArchiveFiles.ArchiveFile file, String digest) throws IOException, InvalidArchiveException {
        MessageDigest sha = Digests.sha256();
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = file.open()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        String actual = Digests.format(sha.digest());
        if (!actual.equals(digest)) {
            throw new InvalidArchiveException("invalid image archive: blob " + digest + " does not match its digest (got "
                    + actual + ")");
        }
    }

    private static String digest(JsonNode descriptor) throws InvalidArchiveException {
        String digest = descriptor.path("digest").asText("").toLowerCase(Locale.ROOT);
        if (!digest.matches(DIGEST)) {
            throw new InvalidArchiveException("invalid image archive: unsupported or malformed digest \""
                    + descriptor.path("digest").asText("") + "\"");
        }
        return digest;
    }

    private static String blobPath(String digest) {
        return "blobs/sha256/" + Digests.hex(digest);
    }

    private JsonNode json(ArchiveFiles files, String name) throws IOException, InvalidArchiveException {
        try (InputStream in = files.file(name).open()) {
            return mapper.readTree(in);
        } catch (JsonProcessingException e) {
            throw new InvalidArchiveException("invalid image archive: " + name + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, String where) throws InvalidArchiveException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidArchiveException("invalid image archive: " + where + " has no " + field);
        }
        return value.asText();
    }

    private static JsonNode array(JsonNode node, String field, String where) throws InvalidArchiveException {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new InvalidArchiveException("invalid image archive: " + where + " has no " + field + " list");
        }
        return value;
    }
}
