package io.jocker.registry;

/**
 * What a pull reports as it goes, in Docker's terms; called from several download threads at once.
 * Layers are named by the first 12 hex digits of their blob digest, as Docker names them.
 */
public interface PullProgress {

    PullProgress NONE = new PullProgress() {
        @Override
        public void status(String line) {}

        @Override
        public void layer(String layer, String status) {}

        @Override
        public void bytes(String layer, String status, long current, long total) {}
    };

    /** A line of its own: {@code latest: Pulling from library/busybox}, {@code Digest: ...}, {@code Status: ...}. */
    void status(String line);

    /** A layer's state: {@code Pulling fs layer}, {@code Waiting}, {@code Already exists}, {@code Verifying Checksum}, ... */
    void layer(String layer, String status);

    /** A layer's progress in bytes: {@code Downloading} or {@code Extracting}. */
    void bytes(String layer, String status, long current, long total);
}
