package io.jocker.namespaces;

/** A failure inside the container init, with the message type it is reported as and the init's exit code. */
final class InitFailure extends Exception {

    private final byte type;

    InitFailure(byte type, String message) {
        super(message);
        this.type = type;
    }

    InitFailure(String message, Throwable cause) {
        super(message, cause);
        this.type = InitChannel.FAILED;
    }

    byte type() {
        return type;
    }

    /** 127 not found, 126 not executable, 125 anything else (Docker's codes). */
    int exitCode() {
        return switch (type) {
            case InitChannel.NOT_FOUND -> 127;
            case InitChannel.NOT_EXECUTABLE -> 126;
            default -> 125;
        };
    }
}
