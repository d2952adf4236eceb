package io.jocker.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.images.Digests;
import io.jocker.images.ImageException;
import io.jocker.images.ImageName;
import io.jocker.images.ImageStore;
import io.jocker.images.LayerRecord;
import io.jocker.images.PushableImage;
import io.jocker.linux.TempFile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code docker push}: writes what Docker writes, a Docker schema 2 manifest over a config and
 * gzip'd layers, so that Docker, skopeo and any registry client read it back. A blob the
 * registry has already ({@code HEAD}) is not uploaded again; the others go up in one {@code
 * PUT} each after a {@code POST} opens the upload (the spec's monolithic upload).
 */
final class ImagePusher {

    private final ImageStore store;
    private final RegistryClients registries;
    private final ObjectMapper mapper;
    private final PullProgress progress;

    ImagePusher(ImageStore store, RegistryClients registries, ObjectMapper mapper, PullProgress progress) {
        this.store = store;
        this.registries = registries;
        this.mapper = mapper;
        this.progress = progress;
    }

    /** Pushes the image {@code name} names to the registry and repository of {@code name}; returns the manifest's digest. */
    public String push(ImageName name) throws IOException, ImageException {
        ImageName reference = name.withDefaultTag();
        PushableImage image = store.pushable(reference.familiarString());
        RegistryTransport transport = registries.transport(reference.domain(), false);
        List<String> scope = List.of("repository:" + reference.path() + ":pull,push");
        progress.status("The push refers to repository [" + reference.repository() + "]");
        ArrayNode layers = mapper.createArrayNode();
        for (LayerRecord layer : image.layers()) {
            progress.layer(ImagePuller.shortId(layer.diffId()), "Preparing");
        }
        for (LayerRecord layer : image.layers()) {
            String shown = ImagePuller.shortId(layer.diffId());
            try (TempFile spool = store.newSpool()) {
                MessageDigest sha256 = Digests.sha256();
                try (OutputStream file = Files.newOutputStream(spool.path());
                        GZIPOutputStream gzip = new GZIPOutputStream(new DigestOutputStream(file, sha256), 64 * 1024) {
                            {
                                def.setLevel(Deflater.BEST_SPEED);
                            }
                        }) {
                    store.writeLayer(layer, gzip);
                }
                String digest = Digests.format(sha256.digest());
                long size = Files.size(spool.path());
                upload(transport, reference, scope, digest, spool.path(), shown);
                layers.addObject().put("mediaType", MediaTypes.DOCKER_LAYER).put("size", size).put("digest", digest);
            }
        }
        String configDigest = Digests.of(image.config());
        try (TempFile spool = store.newSpool()) {
            Files.write(spool.path(), image.config());
            upload(transport, reference, scope, configDigest, spool.path(), null);
        }
        ObjectNode manifest = mapper.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", MediaTypes.DOCKER_MANIFEST);
        manifest.putObject("config").put("mediaType", MediaTypes.DOCKER_CONFIG).put("size", image.config().length)
                .put("digest", configDigest);
        manifest.set("layers", layers);
        byte[] bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        var response = transport.send("PUT", "/v2/" + reference.path() + "/manifests/" + reference.tag(),
                HttpRequest.BodyPublishers.ofByteArray(bytes), Map.of("Content-Type", MediaTypes.DOCKER_MANIFEST), scope,
                HttpResponse.BodyHandlers.ofByteArray());
        failUnless(transport, response, 201, reference);
        String digest = Digests.of(bytes);
        progress.status(reference.tag() + ": digest: " + digest + " size: " + bytes.length);
        return digest;
    }

    /** One blob: nothing if the registry has it, else an upload opened by POST and completed by one PUT. */
    private void upload(RegistryTransport transport, ImageName reference, List<String> scope, String digest, Path file, String shown)
            throws IOException, RegistryException {
        String blobs = "/v2/" + reference.path() + "/blobs/";
        var head = transport.send("HEAD", blobs + digest, HttpRequest.BodyPublishers.noBody(), Map.of(), scope,
                HttpResponse.BodyHandlers.discarding());
        if (head.status() == 200) {
            if (shown != null) {
                progress.layer(shown, "Layer already exists");
            }
            return;
        }
        if (shown != null) {
            progress.layer(shown, "Pushing");
        }
        var start = transport.send("POST", blobs + "uploads/", HttpRequest.BodyPublishers.noBody(), Map.of(), scope,
                HttpResponse.BodyHandlers.ofByteArray());
        failUnless(transport, start, 202, reference);
        String location = start.header("Location").orElseThrow(() -> new RegistryException(
                "the registry " + transport.registry() + " opened an upload without a Location"));
        String target = transport.base().resolve(location).toString();
        target += (target.contains("?") ? "&" : "?") + "digest=" + digest;
        var put = transport.send("PUT", target, HttpRequest.BodyPublishers.ofFile(file),
                Map.of("Content-Type", "application/octet-stream"), scope, HttpResponse.BodyHandlers.ofByteArray());
        failUnless(transport, put, 201, reference);
        if (shown != null) {
            progress.layer(shown, "Pushed");
        }
    }

    private static void failUnless(RegistryTransport transport, RegistryTransport.Response<byte[]> response, int expected,
            ImageName reference) throws RegistryException {
        if (response.status() == expected) {
            return;
        }
        if (response.status() == 401 || response.status() == 403) {
            throw new RegistryException("denied: requested access to the resource is denied (" + reference.familiarName() + "): "
                    + transport.errorText(response.body(), "unauthorized"));
        }
        throw new RegistryException(transport.errorText(response.body(), "unexpected status " + response.status() + " from "
                + transport.registry()));
    }
}
