package io.jocker.registry;

import io.jocker.images.Digests;
import io.jocker.images.ImageName;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One repository of a registry, read with pull rights: its manifests, blobs and tags. */
final class RemoteRepository {

    /** Docker's limit on a manifest: a larger one is refused before it is parsed. */
    static final int MAX_MANIFEST = 4 * 1024 * 1024;

    /** A manifest's bytes, the media type it declares, and its digest. */
    record Fetched(byte[] bytes, String contentType, String digest) {}

    private final RegistryTransport transport;
    private final ImageName name;
    private final List<String> pullScope;

    RemoteRepository(RegistryTransport transport, ImageName name) {
        this.transport = transport;
        this.name = name.repository();
        this.pullScope = List.of("repository:" + name.path() + ":pull");
    }

    ImageName name() {
        return name;
    }

    /** The manifest a tag or digest names; one fetched by digest must have it. */
    Fetched manifest(String tagOrDigest, String shownAs) throws IOException, RegistryException {
        var response = transport.get("/v2/" + name.path() + "/manifests/" + tagOrDigest, Map.of("Accept", MediaTypes.ACCEPT),
                pullScope, HttpResponse.BodyHandlers.ofInputStream());
        byte[] bytes = readBounded(response.body(), MAX_MANIFEST, "manifest " + shownAs);
        if (response.status() == 404) {
            throw new ManifestNotFoundException("manifest for " + shownAs + " not found: "
                    + transport.errorText(bytes, "manifest unknown: manifest unknown"));
        }
        failUnlessOk(response.status(), bytes);
        String digest = Digests.of(bytes);
        if (tagOrDigest.startsWith("sha256:") && !digest.equals(tagOrDigest)) {
            throw new RegistryException("manifest verification failed for digest " + tagOrDigest + " (got " + digest + ")");
        }
        return new Fetched(bytes, response.header("Content-Type").orElse(""), digest);
    }

    /** A small blob (a config), read whole and checked against its descriptor. */
    byte[] smallBlob(Descriptor descriptor) throws IOException, RegistryException {
        try (InputStream in = blob(descriptor)) {
            byte[] bytes = readBounded(in, (int) Math.min(descriptor.size(), MAX_MANIFEST * 2L), "blob " + descriptor.digest());
            if (bytes.length != descriptor.size() || !Digests.of(bytes).equals(descriptor.digest())) {
                throw new RegistryException("blob verification failed for digest " + descriptor.digest() + " (got "
                        + Digests.of(bytes) + ")");
            }
            return bytes;
        }
    }

    /** A blob's body, after redirects; the caller verifies it. */
    InputStream blob(Descriptor descriptor) throws IOException, RegistryException {
        var response = transport.get("/v2/" + name.path() + "/blobs/" + descriptor.digest(), Map.of(), pullScope,
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.status() != 200) {
            byte[] bytes = readBounded(response.body(), 64 * 1024, "an error");
            throw new RegistryException("fetching blob " + descriptor.digest() + " of " + name.familiarName() + ": "
                    + transport.errorText(bytes, "status " + response.status()));
        }
        return response.body();
    }

    /**
     * The rest of a blob from {@code offset} ({@code Range: bytes=OFFSET-}), after a dropped
     * connection: a 206 answer starts there, a 200 one (a registry or storage that ignores ranges)
     * at the blob's beginning.
     */
    ResumingStream.Opened blobFrom(Descriptor descriptor, long offset) throws IOException, RegistryException {
        var response = transport.get("/v2/" + name.path() + "/blobs/" + descriptor.digest(), Map.of("Range", "bytes=" + offset + "-"),
                pullScope, HttpResponse.BodyHandlers.ofInputStream());
        if (response.status() == 206) {
            String range = response.header("Content-Range").orElse("");
            if (!range.startsWith("bytes " + offset + "-")) {
                response.body().close();
                throw new RegistryException("the registry answered the range " + offset + "- of blob " + descriptor.digest()
                        + " with \"" + range + "\"");
            }
            return new ResumingStream.Opened(response.body(), false);
        }
        if (response.status() != 200) {
            byte[] bytes = readBounded(response.body(), 64 * 1024, "an error");
            throw new RegistryException("fetching blob " + descriptor.digest() + " of " + name.familiarName() + ": "
                    + transport.errorText(bytes, "status " + response.status()));
        }
        return new ResumingStream.Opened(response.body(), true);
    }

    /** {@code GET /v2/NAME/tags/list}: every tag, for {@code pull -a}. */
    List<String> tags() throws IOException, RegistryException {
        var response = transport.get("/v2/" + name.path() + "/tags/list", Map.of(), pullScope, HttpResponse.BodyHandlers.ofInputStream());
        byte[] bytes = readBounded(response.body(), MAX_MANIFEST, "the tag list");
        failUnlessOk(response.status(), bytes);
        List<String> tags = new ArrayList<>();
        try {
            for (var tag : transport.mapper().readTree(bytes).path("tags")) {
                tags.add(tag.asText());
            }
        } catch (IOException e) {
            throw new RegistryException("the tag list of " + name.familiarName() + " is not valid JSON");
        }
        return tags;
    }

    private void failUnlessOk(int status, byte[] body) throws RegistryException {
        if (status == 401 || status == 403) {
            throw new RegistryException("pull access denied for " + name.familiarName()
                    + ", repository does not exist or may require 'docker login': " + transport.errorText(body, "unauthorized"));
        }
        if (status / 100 != 2) {
            throw new RegistryException(transport.errorText(body, "unexpected status " + status + " from " + transport.registry()));
        }
    }

    /** At most {@code limit} bytes; more is an error, so that an endless response ends. */
    static byte[] readBounded(InputStream in, int limit, String what) throws IOException, RegistryException {
        try (in) {
            byte[] bytes = in.readNBytes(limit);
            if (in.read() >= 0) {
                throw new RegistryException(what + " is larger than " + limit + " bytes");
            }
            return bytes;
        }
    }

    /** A tag or digest the repository does not have. */
    static final class ManifestNotFoundException extends RegistryException {
        ManifestNotFoundException(String message) {
            super(message);
        }
    }
}
