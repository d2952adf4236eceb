package io.jocker.images;

/** One line of {@code docker rmi}'s output: {@code Untagged: busybox:latest} or {@code Deleted: sha256:...}. */
public record RemovalRecord(Kind kind, String value) {

    public enum Kind {
        UNTAGGED("Untagged"),
        DELETED("Deleted");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    @Override
    public String toString() {
        return kind.label + ": " + value;
    }
}
