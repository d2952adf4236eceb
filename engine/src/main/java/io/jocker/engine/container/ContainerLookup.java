package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.StateStore;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** Finds containers by name, full id or unique id prefix, as every Docker command does. */
public final class ContainerLookup {

    private final Provider<StateStore> store;

    @Inject
    public ContainerLookup(Provider<StateStore> store) {
        this.store = store;
    }

    public ContainerRecord find(String reference) {
        List<ContainerRecord> all = all();
        String bare = reference.startsWith("/") ? reference.substring(1) : reference;
        for (ContainerRecord r : all) {
            if (r.id().equals(bare)) {
                return r;
            }
        }
        for (ContainerRecord r : all) {
            if (r.name().equals(bare)) {
                return r;
            }
        }
        if (!bare.isEmpty() && bare.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            List<ContainerRecord> matches = all.stream().filter(r -> r.id().startsWith(bare.toLowerCase())).toList();
            if (matches.size() > 1) {
                throw new InvalidRequestException("multiple IDs found with provided prefix: " + reference);
            }
            if (matches.size() == 1) {
                return matches.get(0);
            }
        }
        throw new NoSuchContainerException(reference);
    }

    /** The record with this full id, if it still exists. */
    public Optional<ContainerRecord> byId(String id) {
        try {
            return store.get().load(id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read container " + id + ": " + e.getMessage(), e);
        }
    }

    public List<ContainerRecord> all() {
        try {
            return store.get().list();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read containers: " + e.getMessage(), e);
        }
    }
}
