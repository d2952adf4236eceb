package io.jocker.cli;

import io.jocker.engine.base.EngineException;
import io.jocker.images.ImageException;
import io.jocker.linux.TempFile;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where {@code save} and {@code export} write: a file given with {@code -o} (relative to the
 * caller's directory), written without a name on its file system and named only when complete (a
 * failure, or a process killed meanwhile, leaves no partial file), or the caller's standard
 * output, which must not be a terminal (Docker's "cowardly refusing"). Both are file channels, so that the kernel can copy file content
 * into them.
 */
final class OutputTarget {

    interface Writer {
        void write(WritableByteChannel out) throws IOException, ImageException;
    }

    /** As Docker creates it, before the umask. */
    private static final int MODE = 0666;

    private OutputTarget() {}

    static void write(Caller caller, String file, Writer writer) {
        try {
            if (file == null) {
                toStdout(caller, writer);
            } else {
                toFile(Path.of(file), caller.resolve(Path.of(file)), writer);
            }
        } catch (ImageException e) {
            throw new EngineException(e.getMessage(), e);
        } catch (IOException e) {
            throw new EngineException(EngineException.messageOf(e), e);
        }
    }

    /** Standard output, unless it is a terminal, which an archive would only garble. */
    private static void toStdout(Caller caller, Writer writer) throws IOException, ImageException {
        if (isTerminal(caller.pid())) {
            throw new EngineException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        toCallerStdout(caller, writer);
    }

    /**
     * The caller's standard output, whatever it is, as a channel. This process's is not closed:
     * that would close file descriptor 1. A served caller's (the FIFO its launcher relays) is
     * opened anew as a channel of its own.
     */
    static void toCallerStdout(Caller caller, Writer writer) throws IOException, ImageException {
        if (!caller.remote()) {
            writer.write(new FileOutputStream(FileDescriptor.out).getChannel());
            return;
        }
        try (FileChannel out = FileChannel.open(Path.of("/proc/self/fd", Integer.toString(caller.stdout())), StandardOpenOption.WRITE)) {
            writer.write(out);
        }
    }

    /** Writes to {@code absolute}, the caller's {@code target}; messages name the path as the user typed it. */
    private static void toFile(Path target, Path absolute, Writer writer) throws IOException, ImageException {
        Path dir = absolute.getParent();
        if (!Files.isDirectory(dir)) {
            throw new EngineException("failed to save to " + target + ": the directory " + dir + " does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new EngineException("failed to save to " + target + ": it is a directory");
        }
        try (TempFile temp = TempFile.in(dir, MODE)) {
            try (FileChannel out = FileChannel.open(temp.path(), StandardOpenOption.WRITE)) {
                writer.write(out);
            }
            temp.moveTo(absolute);
        }
    }

    /** The caller's standard output is a terminal when its fd 1 is a tty device. */
    static boolean isTerminal(long pid) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", "1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
