package io.jocker.engine.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.seccomp.SeccompFilters;
import io.jocker.seccomp.SeccompProfileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiled seccomp filters kept under the jocker root, keyed by everything the program depends
 * on (the profile's bytes, the capabilities, the kernel release, the compiler's format): a
 * container start reads a few kilobytes instead of parsing and compiling the profile.
 */
final class SeccompFilterCache {

    /** Bump when the compiler's output for the same input changes. */
    private static final String FORMAT = "jocker-seccomp-1";

    private final Path directory;

    SeccompFilterCache(Path directory) {
        this.directory = directory;
    }

    /** The filter of {@code profileJson} (null for jocker's default) for a process keeping {@code capabilities}. */
    byte[] filter(String profileJson, Set<String> capabilities) throws SeccompProfileException {
        byte[] profile = profileJson == null ? SeccompFilters.defaultProfileJson() : profileJson.getBytes(StandardCharsets.UTF_8);
        Path cached = directory.resolve(key(profile, capabilities) + ".bpf");
        try {
            byte[] program = Files.readAllBytes(cached);
            if (program.length > 0 && program.length % 8 == 0) {
                return program;
            }
        } catch (NoSuchFileException e) {
            // Compiled below.
        } catch (IOException e) {
            // An unreadable cache entry is compiled again.
        }
        byte[] program = SeccompFilters.compile(SeccompFilters.parse(profile, new ObjectMapper()), capabilities);
        try {
            Files.createDirectories(directory);
            // Renamed into place: a concurrent start reads a whole program or none.
            Path temp = Files.createTempFile(directory, ".filter", ".tmp");
            try {
                Files.write(temp, program);
                Files.move(temp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // A cache that cannot be written costs the next start a compile, nothing else.
        }
        return program;
    }

    private static String key(byte[] profile, Set<String> capabilities) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String header = FORMAT + '\n' + System.getProperty("os.arch") + '\n' + System.getProperty("os.version") + '\n'
                    + String.join(",", new TreeSet<>(capabilities)) + '\n';
            sha.update(header.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(profile));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
