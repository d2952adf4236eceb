package io.jocker.images;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tags, in Docker's {@code repositories.json} shape: repository to {@code repo:tag} to image id.
 * Immutable; changes return a new value.
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

    /** The references pointing at {@code imageId}, sorted. */
    public List<Reference> referencesTo(String imageId) {
        List<Reference> references = new ArrayList<>();
        new TreeMap<>(repositories).forEach((repo, tags) -> new TreeMap<>(tags).forEach((name, id) -> {
            if (id.equals(imageId)) {
                references.add(new Reference(repo, name.substring(repo.length() + 1)));
            }
        }));
        return references;
    }

    private Map<String, Map<String, String>> mutableCopy() {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        repositories.forEach((repo, tags) -> copy.put(repo, new TreeMap<>(tags)));
        return copy;
    }
}
