package io.jocker.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.images.BlobSource;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code docker push}: writes what Docker writes, a Docker schema 2 manifest over a config and
 * gzip'd layers, so that Docker, skopeo and any registry client read it back. A layer is sent only
 * when the registry lacks it: a blob of it that the target repository has ({@code HEAD}) is reused,
 * one that another repository of the registry has (recorded when it was pulled from or pushed
 * there) is mounted from it; only then is the layer compressed ({@link AdaptiveGzipOutputStream})
 * and uploaded, in one {@code PUT}, or in {@code PATCH}es of a chunk each when it is large or the
 * registry asks for chunks. Layers go up a few at once.
 */
final class ImagePusher {

    /** Docker's push streams a layer in one request; a layer this large goes up in chunks of this size instead. */
    static final long DEFAULT_CHUNK_SIZE = 64L * 1024 * 1024;
    /** Mounts tried per layer: each is a request, and a repository rarely has what another one lost. */
    private static final int MAX_MOUNT_ATTEMPTS = 3;
    /** Requests that a registry answers with a wrong offset before the upload gives up. */
    private static final int MAX_RESUMES = 5;

    private final ImageStore store;
    private final RegistryClients registries;
    private final ObjectMapper mapper;
    private final PullProgress progress;
    private final long chunkSize;

    ImagePusher(ImageStore store, RegistryClients registries, ObjectMapper mapper, PullProgress progress) {
        this(store, registries, mapper, progress, DEFAULT_CHUNK_SIZE);
    }

    ImagePusher(ImageStore store, RegistryClients registries, ObjectMapper mapper, PullProgress progress, long chunkSize) {
        this.store = store;
        this.registries = registries;
        this.mapper = mapper;
        this.progress = progress;
        this.chunkSize = chunkSize;
    }

    /** Where a push goes: the registry's transport, the repository, its path for blobs, and the token scope. */
    private record Target(RegistryTransport transport, ImageName reference, String blobs, List<String> scope) {
        List<String> scopeWith(String from) {
            List<String> scopes = new ArrayList<>(scope);
            scopes.add("repository:" + from + ":pull");
            return scopes;
        }
    }

    /** Pushes the image {@code name} names to the registry and repository of {@code name}; returns the manifest's digest. */
    public String push(ImageName name) throws IOException, ImageException {
        ImageName reference = name.withDefaultTag();
        PushableImage image = store.pushable(reference.familiarString());
        Target target = new Target(registries.transport(reference.domain()), reference,
                "/v2/" + reference.path() + "/blobs/", List.of("repository:" + reference.path() + ":pull,push"));
        progress.status("The push refers to repository [" + reference.repository() + "]");
        for (LayerRecord layer : image.layers()) {
            progress.layer(ImagePuller.shortId(layer.diffId()), "Preparing");
        }
        Map<String, BlobSource> pushed = pushLayers(target, image.layers());
        ArrayNode layers = mapper.createArrayNode();
        for (LayerRecord layer : image.layers()) {
            BlobSource blob = pushed.get(layer.diffId());
            layers.addObject().put("mediaType", MediaTypes.DOCKER_LAYER).put("size", blob.size()).put("digest", blob.digest());
        }
        String configDigest = Digests.of(image.config());
        try (TempFile spool = store.newSpool()) {
            Files.write(spool.path(), image.config());
            if (!exists(target, configDigest)) {
                upload(target, Optional.empty(), configDigest, spool.path(), image.config().length);
            }
        }
        ObjectNode manifest = mapper.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", MediaTypes.DOCKER_MANIFEST);
        manifest.putObject("config").put("mediaType", MediaTypes.DOCKER_CONFIG).put("size", image.config().length)
                .put("digest", configDigest);
        manifest.set("layers", layers);
        byte[] bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        var response = target.transport().send("PUT", "/v2/" + reference.path() + "/manifests/" + reference.tag(),
                HttpRequest.BodyPublishers.ofByteArray(bytes), Map.of("Content-Type", MediaTypes.DOCKER_MANIFEST), target.scope(),
                HttpResponse.BodyHandlers.ofByteArray());
        failUnless(target, response, 201);
        store.recordBlobSources(pushed);
        String digest = Digests.of(bytes);
        progress.status(reference.tag() + ": digest: " + digest + " size: " + bytes.length);
        return digest;
    }

    /**
     * Each distinct layer (by diff id), a bounded number at once as Docker's {@code
     * max-concurrent-uploads}: compressing one layer and sending another overlap, and on several
     * cores layers compress side by side. The first failure cancels the others.
     */
    private Map<String, BlobSource> pushLayers(Target target, List<LayerRecord> layers) throws IOException, ImageException {
        Map<String, LayerRecord> distinct = new LinkedHashMap<>();
        layers.forEach(layer -> distinct.putIfAbsent(layer.diffId(), layer));
        int parallel = Math.max(1, Math.min(registries.options().maxConcurrentUploads(), distinct.size()));
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread thread = new Thread(r, "jocker-push");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Map<String, Future<BlobSource>> uploads = new LinkedHashMap<>();
            for (LayerRecord layer : distinct.values()) {
                if (uploads.size() >= parallel) {
                    progress.layer(ImagePuller.shortId(layer.diffId()), "Waiting");
                }
                uploads.put(layer.diffId(), pool.submit(() -> pushLayer(target, layer)));
            }
            Map<String, BlobSource> pushed = new HashMap<>();
            for (Map.Entry<String, Future<BlobSource>> upload : uploads.entrySet()) {
                pushed.put(upload.getKey(), await(upload.getValue(), uploads.values()));
            }
            return pushed;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The layer's blob, or its failure as thrown, after cancelling every other upload. */
    private static BlobSource await(Future<BlobSource> upload, Collection<Future<BlobSource>> all) throws IOException, ImageException {
        try {
            return upload.get();
        } catch (ExecutionException e) {
            all.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof ImageException ie) {
                throw ie;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            all.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * One layer: a blob of it the repository has, else one mounted from another repository of the
     * registry, else the layer compressed and uploaded (through the session a refused mount opened,
     * if one did).
     */
    private BlobSource pushLayer(Target target, LayerRecord layer) throws IOException, ImageException {
        String shown = ImagePuller.shortId(layer.diffId());
        String here = ImagePuller.repositoryKey(target.reference());
        String registryPrefix = target.reference().domain() + "/";
        List<BlobSource> known = store.blobSources(layer.diffId()).stream()
                .filter(s -> s.repository().startsWith(registryPrefix) && MediaTypes.DOCKER_LAYER_TYPES.contains(s.mediaType()))
                .toList();
        Set<String> checked = new LinkedHashSet<>();
        for (BlobSource source : known) {
            if (checked.add(source.digest()) && exists(target, source.digest())) {
                progress.layer(shown, "Layer already exists");
                return new BlobSource(source.digest(), source.size(), MediaTypes.DOCKER_LAYER, here);
            }
        }
        Optional<String> session = Optional.empty();
        int mounts = 0;
        for (BlobSource source : known) {
            if (source.repository().equals(here) || mounts == MAX_MOUNT_ATTEMPTS) {
                continue;
            }
            mounts++;
            String from = source.repository().substring(registryPrefix.length());
            var mount = target.transport().send("POST", target.blobs() + "uploads/?mount=" + source.digest() + "&from=" + from,
                    HttpRequest.BodyPublishers.noBody(), Map.of(), target.scopeWith(from), HttpResponse.BodyHandlers.ofByteArray());
            if (mount.status() == 201) {
                progress.layer(shown, "Mounted from " + from);
                return new BlobSource(source.digest(), source.size(), MediaTypes.DOCKER_LAYER, here);
            }
            failUnless(target, mount, 202);
            // The registry did not mount it and opened an upload instead: the layer goes up through that.
            session = Optional.of(location(target, mount));
            break;
        }
        try (TempFile spool = store.newSpool()) {
            MessageDigest sha256 = Digests.sha256();
            try (OutputStream file = Files.newOutputStream(spool.path());
                    OutputStream gzip = new AdaptiveGzipOutputStream(new DigestOutputStream(file, sha256))) {
                store.writeLayer(layer, gzip);
            }
            String digest = Digests.format(sha256.digest());
            long size = Files.size(spool.path());
            if (!checked.contains(digest) && exists(target, digest)) {
                progress.layer(shown, "Layer already exists");
                cancel(target, session);
            } else {
                progress.layer(shown, "Pushing");
                upload(target, session, digest, spool.path(), size);
                progress.layer(shown, "Pushed");
            }
            return new BlobSource(digest, size, MediaTypes.DOCKER_LAYER, here);
        }
    }

    /** Whether the target repository has the blob ({@code HEAD}). */
    private static boolean exists(Target target, String digest) throws IOException, RegistryException {
        var head = target.transport().send("HEAD", target.blobs() + digest, HttpRequest.BodyPublishers.noBody(), Map.of(),
                target.scope(), HttpResponse.BodyHandlers.discarding());
        return head.status() == 200;
    }

    /** Ends an upload session that is not needed, so that the registry frees it now rather than when it expires. */
    private static void cancel(Target target, Optional<String> session) throws IOException, RegistryException {
        if (session.isPresent()) {
            target.transport().send("DELETE", session.get(), HttpRequest.BodyPublishers.noBody(), Map.of(), target.scope(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    /**
     * One blob through an upload session ({@code session}, or one opened by {@code POST}): the whole
     * blob in the closing {@code PUT}, or, when it is larger than a chunk or the registry states a
     * minimum chunk length ({@code OCI-Chunk-Min-Length}), in {@code PATCH}es with a {@code
     * Content-Range} each, resumed from the offset the registry reports, then an empty {@code PUT}.
     */
    private void upload(Target target, Optional<String> session, String digest, Path file, long size)
            throws IOException, RegistryException {
        String location;
        long minChunk = 0;
        if (session.isPresent()) {
            location = session.get();
        } else {
            var start = target.transport().send("POST", target.blobs() + "uploads/", HttpRequest.BodyPublishers.noBody(), Map.of(),
                    target.scope(), HttpResponse.BodyHandlers.ofByteArray());
            failUnless(target, start, 202);
            location = location(target, start);
            minChunk = start.header("OCI-Chunk-Min-Length").map(ImagePusher::parseLength).orElse(0L);
        }
        HttpRequest.BodyPublisher last = HttpRequest.BodyPublishers.noBody();
        if (size > chunkSize || minChunk > 0) {
            location = patchChunks(target, location, file, size, Math.max(chunkSize, minChunk));
        } else {
            last = HttpRequest.BodyPublishers.ofFile(file);
        }
        String put = location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
        var done = target.transport().send("PUT", put, last, Map.of("Content-Type", "application/octet-stream"), target.scope(),
                HttpResponse.BodyHandlers.ofByteArray());
        failUnless(target, done, 201);
    }

    /**
     * Sends the blob in chunks; returns the location to close the upload at. A chunk the registry
     * refuses with 416 (its offset is not where the upload stands) is followed by a {@code GET} of
     * the upload, whose {@code Range} says how much the registry holds, and the upload resumes there.
     */
    private static String patchChunks(Target target, String location, Path file, long size, long chunk)
            throws IOException, RegistryException {
        long offset = 0;
        int resumes = 0;
        while (offset < size) {
            long from = offset;
            long length = Math.min(chunk, size - offset);
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> FileSlice.open(file, from, length)), length);
            var patch = target.transport().send("PATCH", location, body, Map.of("Content-Type", "application/octet-stream",
                    "Content-Range", from + "-" + (from + length - 1)), target.scope(), HttpResponse.BodyHandlers.ofByteArray());
            long held;
            if (patch.status() == 416) {
                var status = target.transport().send("GET", location, HttpRequest.BodyPublishers.noBody(), Map.of(), target.scope(),
                        HttpResponse.BodyHandlers.ofByteArray());
                failUnless(target, status, 204);
                if (status.header("Location").isPresent()) {
                    location = location(target, status);
                }
                // "0-0" is what a registry reports for an empty upload (and for one of a single byte).
                held = status.header("Range").filter(r -> !r.matches("(bytes=)?0-0")).map(ImagePusher::rangeEnd).orElse(-1L) + 1;
            } else {
                failUnless(target, patch, 202);
                if (patch.header("Location").isPresent()) {
                    location = location(target, patch);
                }
                // The registry says how much it holds (Range: 0-LAST): the next chunk starts after it.
                held = patch.header("Range").map(ImagePusher::rangeEnd).orElse(from + length - 1) + 1;
            }
            if (held != from + length && ++resumes > MAX_RESUMES) {
                throw new RegistryException("the registry " + target.transport().registry() + " keeps losing chunks of an upload");
            }
            if (held < 0 || held > size) {
                throw new RegistryException("the registry " + target.transport().registry() + " reports " + held
                        + " bytes of an upload of " + size);
            }
            offset = held;
        }
        return location;
    }

    /** The absolute upload location a response names. */
    private static String location(Target target, RegistryTransport.Response<byte[]> response) throws IOException, RegistryException {
        String location = response.header("Location").orElseThrow(() -> new RegistryException(
                "the registry " + target.transport().registry() + " answered an upload without a Location"));
        return target.transport().base().resolve(location).toString();
    }

    /** {@code 0-LAST} of a Range header. */
    private static long rangeEnd(String range) {
        String value = range.replaceFirst("^bytes=", "");
        int dash = value.indexOf('-');
        try {
            return Long.parseLong(value.substring(dash + 1).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLength(String header) {
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void failUnless(Target target, RegistryTransport.Response<byte[]> response, int expected) throws RegistryException {
        if (response.status() == expected) {
            return;
        }
        RegistryTransport transport = target.transport();
        if (response.status() == 401 || response.status() == 403) {
            throw new RegistryException("denied: requested access to the resource is denied (" + target.reference().familiarName()
                    + "): " + transport.errorText(response.body(), "unauthorized"));
        }
        throw new RegistryException(transport.errorText(response.body(), "unexpected status " + response.status() + " from "
                + transport.registry()));
    }
}
