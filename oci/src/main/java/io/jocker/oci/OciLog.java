package io.jocker.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * {@code --log} and {@code --log-format}: where errors (and with {@code --debug}, each command)
 * are recorded, in runc's text or JSON line format, which containerd and conmon read back.
 */
final class OciLog {

    enum Format { TEXT, JSON }

    private final Path file;
    private final Format format;
    private final boolean debug;
    private final Clock clock;
    private final ObjectMapper mapper;

    OciLog(Path file, Format format, boolean debug, Clock clock, ObjectMapper mapper) {
        this.file = file;
        this.format = format;
        this.debug = debug;
        this.clock = clock;
        this.mapper = mapper;
    }

    void error(String message) {
        System.err.println("jocker-runc: " + message);
        append("error", message);
    }

    void warn(String message) {
        System.err.println("jocker-runc: warning: " + message);
        append("warning", message);
    }

    void debug(String message) {
        if (debug) {
            append("debug", message);
        }
    }

    private void append(String level, String message) {
        if (file == null) {
            return;
        }
        String time = clock.instant().toString();
        String line;
        if (format == Format.JSON) {
            ObjectNode entry = mapper.createObjectNode().put("level", level).put("msg", message).put("time", time);
            line = entry.toString();
        } else {
            line = "time=\"" + time + "\" level=" + level + " msg=" + quote(message);
        }
        try {
            Files.write(file, (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            System.err.println("jocker-runc: cannot write the log " + file + ": " + e.getMessage());
        }
    }

    private static String quote(String message) {
        return "\"" + message.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
