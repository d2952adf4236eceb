package io.jocker.images;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tags, in Docker's {@code repositories.json} shape: repository to {@code repo:tag} to image id,
 * and, as Docker keeps them there too, the digests of pulled images: {@code repo@sha256:...} to
 * image id. Immutable; changes return a new value.
 */
public record Repositories(@JsonProperty("Repositories") Map<String, Map<String, String>> repositories) {

    public static final Repositories EMPTY = new Repositories(Map.of());

    public Repositories {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        if (repositories != null) {
            repositories.forEach((repo, tags) -> copy.put(repo, Map.copyOf(new TreeMap<>(tags))));
        }
        repositories = Map.copyOf(copy);
    }

    /** The image id a reference points to, or null. */
    public String lookup(Reference reference) {
        return repositories.getOrDefault(reference.repository(), Map.of()).get(reference.toString());
    }

    public Repositories with(Reference reference, String imageId) {
        Map<String, Map<String, String>> copy = mutableCopy();
        copy.computeIfAbsent(reference.repository(), r -> new TreeMap<>()).put(reference.toString(), imageId);
        return new Repositories(copy);
    }

    public Repositories without(Reference reference) {
        Map<String, Map<String, String>> copy = mutableCopy();
        Map<String, String> tags = copy.get(reference.repository());
        if (tags != null) {
            tags.remove(reference.toString());
            if (tags.isEmpty()) {
                copy.remove(reference.repository());
            }
        }
        return new Repositories(copy);
    }

    /** The image id {@code repository@digest} points to, or null. */
    public String lookupDigest(String repository, String digest) {
        return repositories.getOrDefault(repository, Map.of()).get(repository + "@" + digest);
    }

    /** Records that {@code repository@digest} (a pulled manifest's digest) is {@code imageId}. */
    public Repositories withDigest(String repository, String digest, String imageId) {
        Map<String, Map<String, String>> copy = mutableCopy();
        copy.computeIfAbsent(repository, r -> new TreeMap<>()).put(repository + "@" + digest, imageId);
        return new Repositories(copy);
    }

    /** Without the digest reference {@code repositoryAtDigest} ({@code repo@sha256:...}). */
    public Repositories withoutDigest(String repositoryAtDigest) {
        String repository = repositoryAtDigest.substring(0, repositoryAtDigest.indexOf('@'));
        Map<String, Map<String, String>> copy = mutableCopy();
        Map<String, String> names = copy.get(repository);
        if (names != null) {
            names.remove(repositoryAtDigest);
            if (names.isEmpty()) {
                copy.remove(repository);
            }
        }
        return new Repositories(copy);
    }

    /** The tags pointing at {@code imageId}, sorted; digest references are not tags. */
    public List<Reference> referencesTo(String imageId) {
        List<Reference> references = new ArrayList<>();
        new TreeMap<>(repositories).forEach((repo, tags) -> new TreeMap<>(tags).forEach((name, id) -> {
            if (id.equals(imageId) && name.charAt(repo.length()) == ':') {
                references.add(new Reference(repo, name.substring(repo.length() + 1)));
            }
        }));
        return references;
    }

    /** The digest references ({@code repo@sha256:...}) pointing at {@code imageId}, sorted: Docker's RepoDigests. */
    public List<String> digestsTo(String imageId) {
        List<String> digests = new ArrayList<>();
        new TreeMap<>(repositories).forEach((repo, names) -> new TreeMap<>(names).forEach((name, id) -> {
            if (id.equals(imageId) && name.charAt(repo.length()) == '@') {
                digests.add(name);
            }
        }));
        return digests;
    }

    private Map<String, Map<String, String>> mutableCopy() {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        repositories.forEach((repo, tags) -> copy.put(repo, new TreeMap<>(tags)));
        return copy;
    }
}
