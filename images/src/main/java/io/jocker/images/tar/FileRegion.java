package io.jocker.images.tar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** {@code length} bytes of {@code file} from {@code offset}: a layer tar that lies in a file, alone or inside an archive. */
public record FileRegion(Path file, long offset, long length) {

    long end() {
        return offset + length;
    }

    /** The region's first {@code n} bytes, fewer if the region (or the file) is shorter. */
    public byte[] head(int n) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(n, length));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int read;
            do {
                read = channel.read(head, offset + head.position());
            } while (read >= 0 && head.hasRemaining());
        }
        return Arrays.copyOf(head.array(), head.position());
    }
}
