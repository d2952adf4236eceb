package io.jocker.seccomp;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Seccomp profiles in Docker's format compiled to the BPF program the kernel runs: jocker's
 * default profile (moby's default, see the module's README) or one the user gives.
 */
public final class SeccompFilters {

    private static final String DEFAULT_PROFILE = "default.json";
    private static final String HOST_ARCH = "amd64";

    private SeccompFilters() {}

    /** Whether this host's architecture has a compiler here (x86_64 only, for now). */
    public static boolean supported() {
        return HOST_ARCH.equals(System.getProperty("os.arch"));
    }

    /** The text of jocker's default profile, as {@code --security-opt seccomp=} would take it. */
    public static byte[] defaultProfileJson() {
        try (InputStream in = SeccompFilters.class.getResourceAsStream(DEFAULT_PROFILE)) {
            if (in == null) {
                throw new IllegalStateException("the default seccomp profile is missing from jocker's seccomp module");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default seccomp profile", e);
        }
    }

    /** Reads a profile; a malformed one is reported in one line, as Docker words it. */
    public static SeccompProfile parse(byte[] json, ObjectMapper mapper) throws SeccompProfileException {
        try {
            SeccompProfile profile = mapper.readValue(json, SeccompProfile.class);
            if (profile == null) {
                throw new SeccompProfileException("Decoding seccomp profile failed: the profile is empty");
            }
            return profile;
        } catch (JsonParseException e) {
            throw new SeccompProfileException("Decoding seccomp profile failed: " + firstLine(e.getOriginalMessage())
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new SeccompProfileException("Decoding seccomp profile failed: a value of the wrong type"
                    + (field.isEmpty() ? "" : " in '" + field + "'")
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : ""), e);
        } catch (JsonProcessingException e) {
            throw new SeccompProfileException("Decoding seccomp profile failed: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new SeccompProfileException("Decoding seccomp profile failed: " + e.getMessage(), e);
        }
    }

    /**
     * The filter for a process of this host that keeps {@code capabilities} (names such as
     * {@code CAP_SYS_ADMIN}): an array of {@code struct sock_filter}.
     */
    public static byte[] compile(SeccompProfile profile, Set<String> capabilities) throws SeccompProfileException {
        return compile(profile, capabilities, System.getProperty("os.version"));
    }

    static byte[] compile(SeccompProfile profile, Set<String> capabilities, String kernelRelease)
            throws SeccompProfileException {
        ProfileResolver.KernelVersion kernel = ProfileResolver.KernelVersion.parse(kernelRelease);
        FilterRules rules = new ProfileResolver(HOST_ARCH, capabilities, kernel).resolve(profile);
        try {
            return BpfCompiler.compile(rules);
        } catch (IllegalStateException e) {
            throw new SeccompProfileException("cannot compile the seccomp profile: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
