package io.jocker.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader, or a crash, sees either the old content or the new one, and a
 * process killed while writing leaves no temporary file behind ({@link TempFile}).
 */
public final class AtomicFiles {

    /** As Files.createTempFile made them: a record may hold secrets (environment variables). */
    private static final int MODE = 0600;

    private AtomicFiles() {}

    /**
     * Writes {@code bytes} to a new file on {@code target}'s file system, fsyncs it, moves it over
     * {@code target}, and fsyncs the directory.
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        try (TempFile temp = TempFile.in(dir, MODE)) {
            try (FileChannel channel = FileChannel.open(temp.path(), StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            temp.moveTo(target);
        }
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
