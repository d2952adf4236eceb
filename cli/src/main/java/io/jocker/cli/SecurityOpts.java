package io.jocker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.base.InvalidRequestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code --security-opt} as Docker's client sends it: each needs a value (but
 * {@code no-new-privileges}), and {@code seccomp=FILE} becomes {@code seccomp=} and the file's
 * JSON, compacted, so the container keeps the profile it was created with.
 */
final class SecurityOpts {

    private SecurityOpts() {}

    static List<String> read(List<String> options, Function<Path, Path> resolve) {
        List<String> read = new ArrayList<>();
        for (String option : options) {
            int at = option.indexOf('=');
            String key = at < 0 ? option : option.substring(0, at);
            if (at < 0 && !key.equals("no-new-privileges")) {
                at = option.indexOf(':');
                key = at < 0 ? option : option.substring(0, at);
            }
            String value = at < 0 ? "" : option.substring(at + 1);
            if (value.isEmpty() && !key.equals("no-new-privileges")) {
                throw new InvalidRequestException("invalid --security-opt: \"" + option + "\"");
            }
            if (key.equals("seccomp") && !value.equals("builtin") && !value.equals("unconfined")) {
                read.add("seccomp=" + profile(value, resolve.apply(Path.of(value))));
            } else {
                read.add(option);
            }
        }
        return read;
    }

    private static String profile(String name, Path file) {
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException("opening seccomp profile (" + name + ") failed: open " + name
                    + ": no such file or directory");
        } catch (IOException e) {
            throw new InvalidRequestException("opening seccomp profile (" + name + ") failed: " + e.getMessage());
        }
        try {
            new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            int newline = message.indexOf('\n');
            throw new InvalidRequestException("compacting json for seccomp profile (" + name + ") failed: "
                    + (newline < 0 ? message : message.substring(0, newline)));
        } catch (IOException e) {
            throw new InvalidRequestException("compacting json for seccomp profile (" + name + ") failed: " + e.getMessage());
        }
        return compact(new String(json, StandardCharsets.UTF_8));
    }

    /** Valid JSON without the white space outside its strings, as Go's json.Compact writes it. */
    static String compact(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
