package io.jocker.engine.tree;

import io.jocker.linux.RootedDir;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * A tree copied from one root into another through descriptors at both ends, as {@code cp} reads
 * and writes a container: what is read is never followed out of its directory, and what is written
 * is created by name in directories the kernel resolved inside the target root, so a symbolic link
 * swapped in on either side while the copy runs leads nowhere outside.
 */
public final class TreeCopy {

    private TreeCopy() {}

    /**
     * Copies what is beneath the directory {@code dir} (an O_PATH descriptor) into the root of
     * {@code into}, with the owners, modes and times it has; {@code display} names the target in
     * messages. The directory itself is not copied, only its contents.
     */
    public static void copyContents(int dir, RootedDir into, String display) throws IOException {
        TarPipe.run(archiver -> archiver.add(dir, "."),
                tar -> new TreeExtractor(into, display, new TreeExtractor.Ownership.FromArchive(), UnaryOperator.identity())
                        .extract(tar));
    }
}
