package io.jocker.cli;

import io.jocker.engine.base.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The key sequence that detaches from a container's terminal: Docker's ctrl-p ctrl-q unless
 * {@code --detach-keys} gives another, in Docker's notation (comma-separated keys, each a single
 * character, {@code ctrl-X} for X one of {@code a-z @ [ \ ] ^ _}, or {@code DEL}).
 */
record DetachKeys(byte[] sequence) {

    static final DetachKeys DEFAULT = new DetachKeys(new byte[] {16, 17});
    private static final String CONTROLS = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

    static DetachKeys parse(String keys) {
        if (keys == null || keys.isEmpty()) {
            return DEFAULT;
        }
        ByteArrayOutputStream codes = new ByteArrayOutputStream();
        for (String key : keys.split(",", -1)) {
            codes.write(code(key, keys));
        }
        return new DetachKeys(codes.toByteArray());
    }

    private static int code(String key, String keys) {
        if (key.length() == 1) {
            return key.charAt(0);
        }
        if (key.equals("DEL")) {
            return 127;
        }
        if (key.startsWith("ctrl-") && key.length() == 6 && CONTROLS.indexOf(key.charAt(5)) >= 0) {
            return CONTROLS.indexOf(key.charAt(5));
        }
        throw new InvalidRequestException("Invalid detach keys (" + keys + ") provided: Unknown character: '" + key + "'");
    }

    /** Finds the sequence in a stream of input, holding back a partial match until it is decided. */
    Matcher matcher() {
        return new Matcher(sequence);
    }

    /** The input of one read, as far as it goes to the container, and whether the sequence was typed. */
    record Scan(byte[] forward, boolean detach) {}

    static final class Matcher {

        private final byte[] sequence;
        private int matched;

        private Matcher(byte[] sequence) {
            this.sequence = sequence;
        }

        /**
         * Scans {@code length} bytes: bytes that are not part of the sequence are forwarded (a
         * partial match that breaks off is forwarded too); the bytes of a full match and
         * everything after it in this read are not.
         */
        Scan scan(byte[] input, int length) {
            ByteArrayOutputStream forward = new ByteArrayOutputStream(length + sequence.length);
            for (int i = 0; i < length; i++) {
                byte b = input[i];
                if (b != sequence[matched] && matched > 0) {
                    forward.write(sequence, 0, matched);
                    matched = 0;
                }
                if (b == sequence[matched]) {
                    matched++;
                    if (matched == sequence.length) {
                        matched = 0;
                        return new Scan(forward.toByteArray(), true);
                    }
                } else {
                    forward.write(b);
                }
            }
            return new Scan(forward.toByteArray(), false);
        }

        /** At the end of input: the bytes of a partial match held back so far. */
        byte[] flush() {
            byte[] held = Arrays.copyOf(sequence, matched);
            matched = 0;
            return held;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DetachKeys keys && Arrays.equals(sequence, keys.sequence);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sequence);
    }

    @Override
    public String toString() {
        return "DetachKeys" + Arrays.toString(sequence);
    }
}
