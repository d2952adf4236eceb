package io.jocker.supervisor;

import io.jocker.spi.support.Trees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of one fast-path request, {@code r.PID.NAME} beside {@code cli-1.fifo}: flat files
 * rather than a directory of their own, as a directory cost the client one more process (mkdir)
 * on every command. PID is the client's.
 */
record ClientRequest(Path directory, long pid) {

    /** A request's prefix, {@code r.PID}, as the client names it in its line. */
    private static final Pattern PREFIX = Pattern.compile("r\\.([0-9]{1,10})");
    /** Any file of a request; a directory of that name is an older launcher's whole request. */
    private static final Pattern FILE = Pattern.compile("r\\.([0-9]{1,10})(\\..*)?");

    /**
     * The request that {@code line} names, if it is one: the prefix of a client's files in
     * {@code directory} (its real path), whose arguments are a regular file.
     */
    static Optional<ClientRequest> named(String line, Path directory) {
        try {
            Path prefix = Path.of(line);
            Matcher name = PREFIX.matcher(prefix.getFileName().toString());
            if (prefix.getParent() == null || !name.matches() || !prefix.getParent().toRealPath().equals(directory)) {
                return Optional.empty();
            }
            ClientRequest request = new ClientRequest(directory, Long.parseLong(name.group(1)));
            return Files.isRegularFile(request.file("args"), LinkOption.NOFOLLOW_LINKS) ? Optional.of(request) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The request's file {@code r.PID.name}. */
    Path file(String name) {
        return directory.resolve(prefix() + "." + name);
    }

    private String prefix() {
        return "r." + pid;
    }

    /** Removes every file of the request. */
    void remove() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix() + ".*")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Removes the requests in {@code directory} of clients that are gone: killed before they or the supervisor could. */
    static void removeAbandoned(Path directory) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "r.*")) {
            for (Path file : files) {
                Matcher name = FILE.matcher(file.getFileName().toString());
                if (name.matches() && !Files.exists(Path.of("/proc", name.group(1)))) {
                    Trees.delete(file);
                }
            }
        }
    }

    @Override
    public String toString() {
        return file("*").toString();
    }
}
