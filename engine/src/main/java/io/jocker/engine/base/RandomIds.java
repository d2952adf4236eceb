package io.jocker.engine.base;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Random ids and choices, as Docker makes them. The generator is made on first use: seeding it
 * loads the JDK's security providers (about 60 classes), which a command that makes no id, such
 * as a cold {@code ps}, should not pay for.
 */
public final class RandomIds {

    private RandomIds() {}

    /** 64 random hex digits: a container's, network's or anonymous volume's id. */
    public static String hex64() {
        byte[] bytes = new byte[32];
        Generator.RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A random int from 0 (inclusive) to {@code bound} (exclusive). */
    public static int below(int bound) {
        return Generator.RANDOM.nextInt(bound);
    }

    /** Initialized by the JVM on first use, once. */
    private static final class Generator {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
