package io.jocker.images.tar;

import java.io.IOException;
import java.io.InputStream;

/**
 * A layer tar as the image store's LayerStore unpacks it: the uncompressed stream, which writes its regular
 * files' content itself (the {@link TarUnpacker.ContentWriter} of the tar it streams), and, once
 * it has been read to its end, its digest and size. {@link BackgroundDigestInputStream} streams
 * one; {@link RegionInputStream} reads one where it lies in a file.
 */
public abstract class LayerTarStream extends InputStream implements TarUnpacker.ContentWriter {

    /** Tar readers read whole records: a single byte goes the same way. */
    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** The digest of the whole stream, as {@code sha256:<hex>}; what is left unread is read first. */
    public abstract String digest() throws IOException;

    /** The number of bytes in the stream: call it once the stream has been read to its end. */
    public abstract long size();
}
