package io.jocker.cli;

import io.jocker.engine.base.InvalidRequestException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code -e} and {@code --env-file} as Docker reads them; {@code KEY} alone takes the caller's value if set. */
final class EnvFiles {

    private static final String BOM = "\uFEFF";

    private EnvFiles() {}

    static List<String> entries(List<Path> envFiles, List<String> envFlags, Map<String, String> callerEnv) {
        List<String> out = new ArrayList<>();
        for (Path file : envFiles) {
            entries(file).forEach(entry -> add(out, entry, callerEnv));
        }
        for (String flag : envFlags) {
            add(out, flag, callerEnv);
        }
        return out;
    }

    /**
     * The entries of a file of {@code KEY=VALUE} lines as Docker's {@code parseKeyValueFile}
     * reads env and label files alike: leading white space stripped, blank and {@code #} lines
     * skipped.
     */
    static List<String> entries(Path file) {
        List<String> out = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String trimmed = (i == 0 ? stripBom(lines.get(i)) : lines.get(i)).stripLeading();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.indexOf('\0') >= 0) {
                throw new InvalidRequestException("invalid env file (" + file + "): a NUL byte at line " + (i + 1));
            }
            out.add(trimmed);
        }
        return out;
    }

    /** The file's lines, decoded strictly: bytes that are not UTF-8 are refused, as Docker refuses them. */
    private static List<String> lines(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException("open " + file + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw new InvalidRequestException("open " + file + ": permission denied");
        } catch (IOException e) {
            throw new InvalidRequestException("read " + file + ": " + (Files.isDirectory(file) ? "is a directory" : e.getMessage()));
        }
        List<String> lines = new ArrayList<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                if (i < bytes.length || end > start) {
                    try {
                        lines.add(utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString());
                    } catch (CharacterCodingException e) {
                        throw new InvalidRequestException("invalid env file (" + file + "): invalid utf8 bytes at line " + (lines.size() + 1));
                    }
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static String stripBom(String line) {
        return line.startsWith(BOM) ? line.substring(BOM.length()) : line;
    }

    private static void add(List<String> out, String entry, Map<String, String> callerEnv) {
        int eq = entry.indexOf('=');
        String key = eq < 0 ? entry : entry.substring(0, eq);
        if (key.isEmpty()) {
            throw new InvalidRequestException("invalid environment variable: " + entry);
        }
        if (key.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidRequestException("variable '" + key + "' contains whitespaces");
        }
        if (eq >= 0) {
            out.add(entry);
        } else if (callerEnv.containsKey(key)) {
            out.add(key + "=" + callerEnv.get(key));
        }
    }
}
