package io.jocker.supervisor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The supervisor's wire protocol over its Unix socket: one request line, one reply line, then the
 * connection closes. A request is {@code jocker-supervisor/1 COMMAND ARGUMENT}; a reply is
 * {@code ok} or {@code error EXIT_CODE MESSAGE}. The version leads every request, so a supervisor
 * left running by an older or newer jocker refuses clearly instead of misreading.
 *
 * <p>{@code attach} ({@link AttachRequest}) is the one request after whose {@code ok} the
 * connection stays open and carries {@link AttachFrames} both ways; the client sends nothing after
 * its request line until it has read the reply.
 */
public final class SupervisorProtocol {

    public static final String VERSION = "jocker-supervisor/1";
    public static final String START = "start";
    public static final String PING = "ping";
    public static final String ATTACH = "attach";
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

    /**
     * The argument of {@code attach}: {@code FULL_ID FLAGS}, the flags a comma-separated list of
     * {@code stdin} (the client sends input) and {@code start} (start the container first unless it
     * runs, with this client attached before it writes anything), or {@code -} for none.
     */
    public record AttachRequest(String id, boolean stdin, boolean start) {

        public String encode() {
            List<String> flags = new ArrayList<>();
            if (stdin) {
                flags.add("stdin");
            }
            if (start) {
                flags.add("start");
            }
            return id + " " + (flags.isEmpty() ? "-" : String.join(",", flags));
        }

        public static AttachRequest parse(String argument) throws ProtocolException {
            String[] parts = argument.split(" ");
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw new ProtocolException("malformed attach request: \"" + abbreviate(argument) + "\"");
            }
            List<String> flags = parts[1].equals("-") ? List.of() : List.of(parts[1].split(","));
            for (String flag : flags) {
                if (!flag.equals("stdin") && !flag.equals("start")) {
                    throw new ProtocolException("unknown attach flag \"" + abbreviate(flag) + "\"");
                }
            }
            return new AttachRequest(parts[0], flags.contains("stdin"), flags.contains("start"));
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

        /** Writes the encoded reply to a blocking channel. */
        public void writeTo(WritableByteChannel channel) throws IOException {
            AttachFrames.write(channel, ByteBuffer.wrap(encode().getBytes(StandardCharsets.UTF_8)));
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
