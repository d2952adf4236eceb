package io.jocker.engine.tree;

import io.jocker.images.tar.TarBlocks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An archive written on one thread and unpacked on this one, as Docker's cp streams it from the
 * daemon to the client: both ends share Docker's tar rules, and a failure on either end stops the
 * other.
 */
public final class TarPipe {

    private static final int BUFFER = 256 * 1024;

    /** Writes an archive. */
    @FunctionalInterface
    public interface Producer {
        void write(TreeArchiver archiver) throws IOException;
    }

    /** Reads an archive. */
    @FunctionalInterface
    public interface Consumer {
        void read(InputStream tar) throws IOException;
    }

    private TarPipe() {}

    /** Runs both ends; returns the archive's length in bytes. */
    public static long run(Producer producer, Consumer consumer) throws IOException {
        PipedInputStream in = new PipedInputStream(BUFFER);
        CountingOutputStream out = new CountingOutputStream(new PipedOutputStream(in));
        AtomicReference<IOException> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (out) {
                TreeArchiver archiver = new TreeArchiver(TarBlocks.to(out));
                producer.write(archiver);
                archiver.finish();
            } catch (IOException e) {
                failure.set(e);
            }
        }, "cp-archive");
        writer.setDaemon(true);
        writer.start();
        IOException readFailure = null;
        try (in) {
            consumer.read(in);
            // What follows the archive's end (its last zero block) is the writer's to finish.
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            readFailure = e;
        }
        join(writer);
        // The writer's failure explains a truncated archive; a reader that stopped first makes the writer fail too.
        if (failure.get() != null && (readFailure == null || !isBrokenPipe(failure.get()))) {
            throw failure.get();
        }
        if (readFailure != null) {
            throw readFailure;
        }
        return out.count;
    }

    private static boolean isBrokenPipe(IOException e) {
        return "Pipe closed".equals(e.getMessage()) || "Read end dead".equals(e.getMessage());
    }

    private static void join(Thread writer) throws IOException {
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying", e);
        }
    }

    /** Counts what passes, for Docker's "Successfully copied" line. */
    private static final class CountingOutputStream extends OutputStream {
        private final OutputStream out;
        private volatile long count;

        CountingOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
