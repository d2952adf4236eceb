package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.base.RandomIds;
import java.util.List;
import java.util.regex.Pattern;

/** Container ids and names: 64 random hex digits, and Docker-style readable names. */
public final class ContainerNames {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern VALID_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final List<String> ADJECTIVES = List.of(
            "admiring", "agitated", "amazing", "blissful", "bold", "brave", "busy", "clever", "cool", "dazzling",
            "eager", "elastic", "epic", "festive", "focused", "friendly", "gallant", "happy", "hopeful", "jolly",
            "keen", "laughing", "lucid", "modest", "nifty", "peaceful", "quirky", "relaxed", "serene", "sharp",
            "stoic", "sweet", "tender", "trusting", "upbeat", "vibrant", "wizardly", "youthful", "zealous", "zen");
    private static final List<String> SURNAMES = List.of(
            "almeida", "babbage", "bardeen", "bose", "cerf", "curie", "dijkstra", "einstein", "euler", "feynman",
            "franklin", "galileo", "goldberg", "hamilton", "hopper", "hypatia", "johnson", "kepler", "knuth", "lamarr",
            "liskov", "lovelace", "mccarthy", "meitner", "newton", "noether", "pascal", "raman", "ritchie", "shannon",
            "tesla", "thompson", "torvalds", "turing", "wozniak", "yalow", "zuse", "ramanujan", "germain", "bell");

    private ContainerNames() {}

    public static String newId() {
        return RandomIds.hex64();
    }

    /** Whether {@code text} has the form of a full container id. */
    static boolean isId(String text) {
        return ID.matcher(text).matches();
    }

    /** A readable name such as {@code happy_turing}; the caller retries on a clash. */
    public static String randomName() {
        return ADJECTIVES.get(RandomIds.below(ADJECTIVES.size())) + "_" + SURNAMES.get(RandomIds.below(SURNAMES.size()));
    }

    /** Checks a user-given name; Docker accepts and strips one leading slash. */
    public static String validate(String name) {
        String bare = name.startsWith("/") ? name.substring(1) : name;
        if (!VALID_NAME.matcher(bare).matches()) {
            throw new InvalidRequestException("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return bare;
    }
}
