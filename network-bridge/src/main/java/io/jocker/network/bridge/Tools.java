package io.jocker.network.bridge;

import io.jocker.spi.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the programs the driver runs are: iproute2's {@code ip}, {@code nft} and util-linux's
 * {@code nsenter}, by absolute path so that no {@code PATH} chooses them.
 */
record Tools(Path ip, Path nft, Path nsenter) {

    private static final List<String> DIRECTORIES = List.of("usr/sbin", "sbin", "usr/bin", "bin");

    static Tools find(Host host) {
        return new Tools(locate(host, "ip"), locate(host, "nft"), locate(host, "nsenter"));
    }

    /** What is missing, as a sentence a user can act on; empty when nothing is. */
    static String missing(Host host) {
        List<String> missing = new ArrayList<>();
        if (locate(host, "ip") == null) {
            missing.add("ip (package iproute2)");
        }
        if (locate(host, "nft") == null) {
            missing.add("nft (package nftables)");
        }
        if (locate(host, "nsenter") == null) {
            missing.add("nsenter (package util-linux)");
        }
        return missing.isEmpty() ? "" : "the bridge driver needs " + String.join(", ", missing) + ", not found in /usr/sbin, /sbin, /usr/bin or /bin";
    }

    private static Path locate(Host host, String name) {
        for (String dir : DIRECTORIES) {
            Path candidate = host.root().resolve(dir).resolve(name);
            if (Files.isExecutable(candidate)) {
                return Path.of("/").resolve(dir).resolve(name);
            }
        }
        return null;
    }
}
