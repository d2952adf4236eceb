package io.jocker.spi;

import java.util.List;

/** Numeric credentials of a process inside the container. */
public record User(int uid, int gid, List<Integer> additionalGids) {

    public static final User ROOT = new User(0, 0, List.of());

    public User {
        additionalGids = List.copyOf(additionalGids);
    }
}
