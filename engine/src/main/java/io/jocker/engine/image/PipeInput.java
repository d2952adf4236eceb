package io.jocker.engine.image;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens a file that is not a regular one, a FIFO or a pipe ({@code import <(zcat x.tgz)}), as a
 * stream. Not through {@code Files.newInputStream}: its stream asks a pipe for its position when
 * a buffered reader asks how much is available, which fails with ESPIPE ("Illegal seek").
 */
final class PipeInput {

    private PipeInput() {}

    static InputStream open(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return new FileInputStream(file.toFile());
    }
}
