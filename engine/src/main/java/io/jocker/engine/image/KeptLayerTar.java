package io.jocker.engine.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A layer's tar kept whole, plain or compressed, as jocker stored layers before tar-split indexes
 * ({@link TarSplitWriter}); roots written then still hold such layers, and {@code save} reads them.
 */
final class KeptLayerTar {

    private KeptLayerTar() {}

    /** Writes the uncompressed tar of {@code layer}, kept in {@code blob}, to {@code out} as an entry's content (unpadded). */
    static void write(Path blob, LayerRecord layer, TarBlocks out) throws IOException, ImageException {
        boolean plain;
        try (InputStream in = Files.newInputStream(blob)) {
            plain = Decompressor.open(in).format().equals(Decompressor.NONE);
        }
        if (plain) {
            try (FileChannel in = FileChannel.open(blob)) {
                if (in.size() != layer.size() || out.transfer(in, 0, layer.size()) != layer.size()) {
                    throw wrongSize(layer);
                }
            }
            return;
        }
        byte[] buffer = new byte[256 * 1024];
        long copied = 0;
        try (InputStream in = Decompressor.open(Files.newInputStream(blob)).stream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (copied + n > layer.size()) {
                    throw wrongSize(layer);
                }
                out.write(buffer, 0, n);
                copied += n;
            }
        }
        if (copied != layer.size()) {
            throw wrongSize(layer);
        }
    }

    private static ImageException wrongSize(LayerRecord layer) {
        return new ImageException("the stored tar of layer " + layer.chainId() + " is not " + layer.size()
                + " bytes long; remove the image and load or import it again");
    }
}
