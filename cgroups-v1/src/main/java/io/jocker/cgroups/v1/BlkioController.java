package io.jocker.cgroups.v1;

import io.jocker.spi.support.CgroupFiles;
import io.jocker.spi.CgroupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code blkio}: joined for I/O accounting; no block I/O limits are offered yet. */
record BlkioController(Path mount) implements Controller {

    /** What Docker's {@code stats} reads on v1: lines such as {@code 8:0 Read 4096}. */
    static final String SERVICE_BYTES = "blkio.throttle.io_service_bytes_recursive";

    @Override
    public String name() {
        return "blkio";
    }

    /** Bytes read and written, summed over devices; zeros where the kernel does not offer the file. */
    long[] readWrite(Path dir) throws CgroupException {
        long[] bytes = new long[2];
        Path file = dir.resolve(SERVICE_BYTES);
        if (!Files.exists(file)) {
            return bytes;
        }
        for (String line : CgroupFiles.read(file).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 3) {
                continue;
            }
            switch (parts[1].toLowerCase(Locale.ROOT)) {
                case "read" -> bytes[0] += parse(parts[2], file);
                case "write" -> bytes[1] += parse(parts[2], file);
                default -> { }
            }
        }
        return bytes;
    }

    private static long parse(String value, Path file) throws CgroupException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new CgroupException("unexpected value \"" + value + "\" in " + file, e);
        }
    }
}
