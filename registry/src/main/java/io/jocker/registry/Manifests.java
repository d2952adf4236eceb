package io.jocker.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads image indexes (manifest lists) and image manifests, checking every descriptor in them. */
final class Manifests {

    /** An index's entries. */
    record Index(List<Descriptor> manifests) {}

    /** An image manifest: its config and its layers, lowest first. */
    record Manifest(Descriptor config, List<Descriptor> layers) {}

    private static final String SHA256 = "sha256:[a-f0-9]{64}";

    private final ObjectMapper mapper;

    Manifests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The media type of a manifest: its {@code mediaType} field where it has one, else the
     * response's Content-Type, as containerd decides it.
     */
    String mediaType(byte[] bytes, String contentType) throws RegistryException {
        String declared = tree(bytes).path("mediaType").asText("");
        String type = declared.isEmpty() ? contentType : declared;
        return type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    }

    Index index(byte[] bytes) throws RegistryException {
        List<Descriptor> entries = new ArrayList<>();
        for (JsonNode entry : array(tree(bytes), "manifests")) {
            JsonNode platform = entry.path("platform");
            Platform p = platform.isObject()
                    ? new Platform(platform.path("os").asText(""), platform.path("architecture").asText(""), platform.path("variant").asText(""))
                    : null;
            Descriptor d = descriptor(entry);
            entries.add(new Descriptor(d.mediaType(), d.digest(), d.size(), p));
        }
        return new Index(entries);
    }

    Manifest manifest(byte[] bytes) throws RegistryException {
        JsonNode tree = tree(bytes);
        if (tree.path("schemaVersion").asInt() != 2) {
            throw malformed("schemaVersion is not 2");
        }
        Descriptor config = descriptor(tree.path("config"));
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode layer : array(tree, "layers")) {
            Descriptor d = descriptor(layer);
            if (!MediaTypes.isLayer(d.mediaType())) {
                throw new RegistryException("unsupported layer media type \"" + d.mediaType() + "\" of layer " + d.digest());
            }
            layers.add(d);
        }
        return new Manifest(config, layers);
    }

    private JsonNode tree(byte[] bytes) throws RegistryException {
        try {
            JsonNode tree = mapper.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw malformed("not a JSON object");
            }
            return tree;
        } catch (IOException e) {
            throw malformed("not valid JSON");
        }
    }

    private static Descriptor descriptor(JsonNode node) throws RegistryException {
        if (!node.isObject()) {
            throw malformed("a descriptor is missing");
        }
        String digest = node.path("digest").asText("");
        if (!digest.matches(SHA256)) {
            throw malformed("unsupported or malformed digest \"" + digest + "\"");
        }
        JsonNode size = node.path("size");
        if (!size.canConvertToLong() || size.asLong() < 0) {
            throw malformed("the size of " + digest + " is missing or negative");
        }
        return new Descriptor(node.path("mediaType").asText(""), digest, size.asLong(), null);
    }

    private static JsonNode array(JsonNode tree, String field) throws RegistryException {
        JsonNode value = tree.get(field);
        if (value == null || !value.isArray()) {
            throw malformed("it has no " + field + " list");
        }
        return value;
    }

    private static RegistryException malformed(String why) {
        return new RegistryException("malformed manifest: " + why);
    }
}
