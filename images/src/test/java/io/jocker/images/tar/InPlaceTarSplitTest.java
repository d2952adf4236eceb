package io.jocker.images.tar;

import io.jocker.images.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Every test of {@link TarSplitTest} on a tar unpacked where it lies in a file, between other
 * bytes as a layer lies in an image archive: headers read through a small buffer, file content
 * copied by the kernel, the region hashed by a thread reading the file itself.
 */
class InPlaceTarSplitTest extends TarSplitTest {

    private static final int BEFORE = 1536;
    private static final int AFTER = 700;
    private int archives;

    @Override
    LayerTarStream input(byte[] tar) throws IOException {
        byte[] archive = new byte[BEFORE + tar.length + AFTER];
        new Random(tar.length).nextBytes(archive);
        System.arraycopy(tar, 0, archive, BEFORE, tar.length);
        Path file = Files.write(temp.resolve("archive-" + archives++), archive);
        return RegionInputStream.open(new FileRegion(file, BEFORE, tar.length), Digests.sha256());
    }
}
