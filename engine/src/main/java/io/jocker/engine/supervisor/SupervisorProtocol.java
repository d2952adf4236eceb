package io.jocker.engine.supervisor;

import java.util.Optional;

/**
 * The supervisor's wire protocol over its Unix socket: one request line, one reply line, then the
 * connection closes. A request is {@code jocker-supervisor/1 COMMAND ARGUMENT}; a reply is
 * {@code ok} or {@code error EXIT_CODE MESSAGE}. The version leads every request, so a supervisor
 * left running by an older or newer jocker refuses clearly instead of misreading.
 */
public final class SupervisorProtocol {

    public static final String VERSION = "jocker-supervisor/1";
    public static final String START = "start";
    public static final String PING = "ping";
    /** Longest request line accepted. */
    static final int MAX_LINE = 4096;

    private SupervisorProtocol() {}

    /** A parsed request. */
    public record Request(String command, String argument) {

        public String encode() {
            return VERSION + " " + command + " " + argument + "\n";
        }

        /** Parses a request line; a wrong version or shape is a {@link ProtocolException}. */
        public static Request parse(String line) throws ProtocolException {
            String[] parts = line.split(" ", 3);
            if (!parts[0].equals(VERSION)) {
                throw new ProtocolException("supervisor protocol mismatch: this supervisor speaks " + VERSION
                        + " but the client sent \"" + abbreviate(parts[0]) + "\"; stop the old supervisor or use the same jocker version");
            }
            if (parts.length != 3 || parts[1].isEmpty()) {
                throw new ProtocolException("malformed supervisor request: \"" + abbreviate(line) + "\"");
            }
            return new Request(parts[1], parts[2]);
        }
    }

    /** A reply: success, or an error with the exit status the CLI should end with. */
    public record Reply(boolean ok, int exitCode, String message) {

        public static Reply success() {
            return new Reply(true, 0, "");
        }

        public static Reply error(int exitCode, String message) {
            return new Reply(false, exitCode, message.replace('\n', ' '));
        }

        public String encode() {
            return ok ? "ok\n" : "error " + exitCode + " " + message + "\n";
        }

        /** Parses a reply line; empty when it is not one. */
        public static Optional<Reply> parse(String line) {
            if (line.equals("ok")) {
                return Optional.of(success());
            }
            String[] parts = line.split(" ", 3);
            if (parts.length == 3 && parts[0].equals("error")) {
                try {
                    return Optional.of(new Reply(false, Integer.parseInt(parts[1]), parts[2]));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }
    }

    /** A request the supervisor cannot understand. */
    public static final class ProtocolException extends Exception {
        public ProtocolException(String message) {
            super(message);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
