package io.jocker.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.images.BlobSource;
import io.jocker.images.Digests;
import io.jocker.images.ImageException;
import io.jocker.images.ImageName;
import io.jocker.images.ImageStore;
import io.jocker.images.PulledImage;
import io.jocker.images.StagedLayer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code docker pull}: resolves a reference to an image manifest (through an index, for the
 * requested platform), fetches its config and the layers the store lacks, a few at once, and
 * publishes the image. Every blob is streamed through its digest check into a layer unpacked
 * under a provisional id, which becomes visible only once every blob matched its digest and size
 * and every layer its diff id; anything else is discarded. Two pulls of one image may run at
 * once: each unpacks its own copy and the store keeps the first one published.
 */
final class ImagePuller {

    /** Attempts per layer when the connection fails; a blob that does not match is never retried. */
    static final int ATTEMPTS = 3;

    private final ImageStore store;
    private final RegistryClients registries;
    private final ObjectMapper mapper;
    private final PullProgress progress;

    ImagePuller(ImageStore store, RegistryClients registries, ObjectMapper mapper, PullProgress progress) {
        this.store = store;
        this.registries = registries;
        this.mapper = mapper;
        this.progress = progress;
    }

    /** Pulls {@code name} (normalised; {@code latest} when it has neither tag nor digest) for {@code platform}. */
    public PullResult pull(ImageName name, Platform platform) throws IOException, ImageException {
        ImageName reference = name.withDefaultTag();
        // As Docker: a reference with both a tag and a digest is pulled by its digest.
        if (reference.digest() != null && reference.tag() != null) {
            reference = reference.withTag(null);
        }
        String tagOrDigest = reference.digest() != null ? reference.digest() : reference.tag();
        String shownAs = reference.familiarString();
        Answer<RemoteRepository.Fetched> located = firstAnswer(reference, r -> r.manifest(tagOrDigest, shownAs));
        RemoteRepository repository = located.repository();
        RemoteRepository.Fetched top = located.value();
        progress.status(tagOrDigest + ": Pulling from " + reference.path());
        Manifests manifests = new Manifests(mapper);
        RemoteRepository.Fetched image = top;
        String mediaType = manifests.mediaType(top.bytes(), top.contentType());
        if (MediaTypes.isIndex(mediaType)) {
            Descriptor chosen = choose(manifests.index(top.bytes()), platform);
            image = repository.manifest(chosen.digest(), reference.familiarName() + "@" + chosen.digest());
            mediaType = manifests.mediaType(image.bytes(), image.contentType());
        }
        if (MediaTypes.DOCKER_SCHEMA1.equals(mediaType) || MediaTypes.DOCKER_SCHEMA1_PLAIN.equals(mediaType)) {
            throw new RegistryException("Docker Image manifest version 2, schema 1 is not supported: " + reference.familiarString()
                    + " must be pushed again with a newer client");
        }
        if (!MediaTypes.isManifest(mediaType)) {
            throw new RegistryException("unsupported manifest media type \"" + mediaType + "\" for " + reference.familiarString());
        }
        Manifests.Manifest manifest = manifests.manifest(image.bytes());
        byte[] config = repository.smallBlob(manifest.config());
        List<String> diffIds = diffIds(config);
        if (diffIds.size() != manifest.layers().size()) {
            throw new RegistryException("malformed manifest: the config of " + reference.familiarString() + " lists "
                    + diffIds.size() + " layers but its manifest " + manifest.layers().size());
        }
        boolean downloaded = fetchAndStore(repository, reference, top.digest(), manifest, config, diffIds);
        progress.status("Digest: " + top.digest());
        String shown = reference.familiarString();
        progress.status(downloaded ? "Status: Downloaded newer image for " + shown : "Status: Image is up to date for " + shown);
        return new PullResult(reference, Digests.of(config), top.digest(), downloaded);
    }

    /** {@code pull -a}: every tag of the repository. */
    public List<PullResult> pullAllTags(ImageName name, Platform platform) throws IOException, ImageException {
        List<PullResult> results = new ArrayList<>();
        for (String tag : firstAnswer(name, RemoteRepository::tags).value()) {
            ImageName.checkTag(tag);
            results.add(pull(name.repository().withTag(tag), platform));
        }
        return results;
    }

    /** What an endpoint answered, and the repository there, which the rest of the pull reads from. */
    private record Answer<T>(RemoteRepository repository, T value) {}

    @FunctionalInterface
    private interface Request<T> {
        T ask(RemoteRepository repository) throws IOException, RegistryException;
    }

    /**
     * Asks the endpoints of {@code name}'s registry in turn (Docker Hub's mirrors, then Docker
     * Hub): a mirror that lacks the image or fails passes to the next, as Docker's does.
     */
    private <T> Answer<T> firstAnswer(ImageName name, Request<T> request) throws IOException, RegistryException {
        List<RegistryTransport> endpoints = registries.pullTransports(name.domain());
        for (int i = 0; ; i++) {
            RemoteRepository repository = new RemoteRepository(endpoints.get(i), name);
            try {
                return new Answer<>(repository, request.ask(repository));
            } catch (IOException | RegistryException e) {
                if (i == endpoints.size() - 1) {
                    throw e;
                }
            }
        }
    }

    private static Descriptor choose(Manifests.Index index, Platform platform) throws RegistryException {
        for (Descriptor entry : index.manifests()) {
            if (entry.platform() != null && platform.matches(entry.platform()) && MediaTypes.isManifest(entry.mediaType())) {
                return entry;
            }
        }
        throw new RegistryException("no matching manifest for " + platform + " in the manifest list entries");
    }

    private List<String> diffIds(byte[] config) throws RegistryException {
        try {
            JsonNode ids = mapper.readTree(config).path("rootfs").path("diff_ids");
            List<String> diffIds = new ArrayList<>();
            for (JsonNode id : ids) {
                if (!id.asText().matches("sha256:[a-f0-9]{64}")) {
                    throw new RegistryException("invalid image config: malformed diff id \"" + id.asText() + "\"");
                }
                diffIds.add(id.asText());
            }
            return diffIds;
        } catch (IOException e) {
            throw new RegistryException("invalid image config: not valid JSON");
        }
    }

    /** Fetches the missing layers, a bounded number at once, and publishes the image; false when nothing was missing. */
    private boolean fetchAndStore(RemoteRepository repository, ImageName reference, String manifestDigest,
            Manifests.Manifest manifest, byte[] config, List<String> diffIds) throws IOException, ImageException {
        List<String> chain = Digests.chainIds(diffIds);
        Map<String, Integer> missing = new HashMap<>();
        for (int i = 0; i < chain.size(); i++) {
            if (!store.hasLayer(chain.get(i))) {
                missing.putIfAbsent(chain.get(i), i);
            }
        }
        // As Docker: "Downloaded newer image" when anything was fetched or the name moves to this image.
        boolean newImage = missing.size() > 0 || !store.hasImage(Digests.of(config))
                || !store.imageIdOf(reference.toString()).equals(Optional.of(Digests.of(config)));
        // An image that is up to date shows no layers, as Docker's.
        for (int i = 0; newImage && i < chain.size(); i++) {
            String layer = shortId(manifest.layers().get(i).digest());
            Integer first = missing.get(chain.get(i));
            progress.layer(layer, first == null ? "Already exists" : "Pulling fs layer");
        }
        Map<String, StagedLayer> staged = new HashMap<>();
        int parallel = Math.min(registries.options().maxConcurrentDownloads(), Math.max(1, missing.size()));
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread thread = new Thread(r, "jocker-pull");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Map<String, Future<StagedLayer>> downloads = new HashMap<>();
            for (Map.Entry<String, Integer> layer : missing.entrySet()) {
                Descriptor blob = manifest.layers().get(layer.getValue());
                String diffId = diffIds.get(layer.getValue());
                if (downloads.size() >= parallel) {
                    progress.layer(shortId(blob.digest()), "Waiting");
                }
                downloads.put(layer.getKey(), pool.submit(() -> download(repository, blob, diffId)));
            }
            ImageException failure = null;
            IOException ioFailure = null;
            for (Map.Entry<String, Future<StagedLayer>> download : downloads.entrySet()) {
                try {
                    staged.put(download.getKey(), download.getValue().get());
                } catch (ExecutionException e) {
                    if (failure == null && ioFailure == null) {
                        if (e.getCause() instanceof ImageException ie) {
                            failure = ie;
                        } else if (e.getCause() instanceof IOException io) {
                            ioFailure = io;
                        } else {
                            throw new IllegalStateException(e.getCause());
                        }
                        downloads.values().forEach(f -> f.cancel(true));
                    }
                } catch (java.util.concurrent.CancellationException e) {
                    // Cancelled after another layer failed.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (ioFailure != null) {
                throw ioFailure;
            }
            store.storePulled(new PulledImage(config, staged, reference.digest() == null ? reference.tagged() : null,
                    reference.familiarName(), manifestDigest));
            Map<String, BlobSource> sources = new HashMap<>();
            for (int i = 0; i < diffIds.size(); i++) {
                Descriptor blob = manifest.layers().get(i);
                sources.put(diffIds.get(i), new BlobSource(blob.digest(), blob.size(), blob.mediaType(), repositoryKey(reference)));
            }
            store.recordBlobSources(sources);
            for (Integer i : missing.values()) {
                progress.layer(shortId(manifest.layers().get(i).digest()), "Pull complete");
            }
            return newImage;
        } finally {
            pool.shutdownNow();
            for (StagedLayer layer : staged.values()) {
                layer.close();
            }
        }
    }

    /**
     * One layer, streamed into the store under a provisional id and checked; a dropped connection
     * resumes where it stopped ({@link ResumingStream}), and when that fails too the layer starts
     * again; a blob that is not what its descriptor says fails the pull.
     */
    private StagedLayer download(RemoteRepository repository, Descriptor blob, String diffId) throws IOException, ImageException {
        String layer = shortId(blob.digest());
        for (int attempt = 1; ; attempt++) {
            StagedLayer staged = null;
            VerifyingStream stream = null;
            try {
                try (InputStream body = new ResumingStream(repository.blob(blob), blob.digest(), blob.size(),
                        offset -> repository.blobFrom(blob, offset))) {
                    stream = new VerifyingStream(body, blob.digest(), blob.size(),
                            n -> progress.bytes(layer, "Downloading", n, blob.size()));
                    try (VerifyingStream verifying = stream) {
                        staged = store.stageLayer(verifying);
                    }
                }
                progress.layer(layer, "Verifying Checksum");
                stream.verify();
                if (!staged.diffId().equals(diffId)) {
                    throw new RegistryException("layer " + blob.digest() + " does not match its diff id: expected " + diffId
                            + ", got " + staged.diffId());
                }
                progress.layer(layer, "Download complete");
                progress.bytes(layer, "Extracting", blob.size(), blob.size());
                return staged;
            } catch (IOException | ImageException | RuntimeException e) {
                close(staged);
                if (stream != null && stream.overran()) {
                    throw new RegistryException("blob " + blob.digest() + " is larger than the " + blob.size()
                            + " bytes its manifest states", e);
                }
                // The connection failed (whatever the decompressor made of the truncated stream): try again.
                boolean dropped = stream != null ? stream.connectionFailed() : e instanceof IOException;
                if (!dropped && e instanceof ImageException && !(e instanceof RegistryException)) {
                    throw new RegistryException("failed to register layer " + blob.digest() + ": " + e.getMessage(), e);
                }
                if (!dropped || attempt == ATTEMPTS || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                progress.layer(layer, "Retrying in " + attempt + " second" + (attempt == 1 ? "" : "s"));
                try {
                    Thread.sleep(attempt * 1000L);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void close(StagedLayer staged) throws IOException {
        if (staged != null) {
            staged.close();
        }
    }

    /** A repository as blob sources name it: {@code host[:port]/path}. */
    static String repositoryKey(ImageName name) {
        return name.domain() + "/" + name.path();
    }

    static String shortId(String digest) {
        return Digests.hex(digest).substring(0, 12);
    }
}
