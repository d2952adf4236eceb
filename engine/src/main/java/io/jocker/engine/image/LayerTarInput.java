package io.jocker.engine.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A layer tar as {@link LayerStore} unpacks it: the uncompressed stream, which also writes its
 * regular files' content, and, once the stream has been read to its end, its digest and size.
 */
interface LayerTarInput extends Closeable {

    /** The uncompressed tar stream. */
    InputStream tar();

    /** How the unpacker writes a regular file's content. */
    TarUnpacker.ContentWriter content();

    /** The digest of the whole uncompressed stream; call it once the stream has been read to its end. */
    String digest() throws IOException;

    /** The size of the uncompressed stream, once it has been read to its end. */
    long size();

    /** {@code tar} (uncompressed), which closing the input closes, hashed as it is read. */
    static LayerTarInput streamed(InputStream tar, MessageDigest digest) {
        BackgroundDigestInputStream hashed = new BackgroundDigestInputStream(tar, digest);
        return new LayerTarInput() {
            @Override
            public InputStream tar() {
                return hashed;
            }

            @Override
            public TarUnpacker.ContentWriter content() {
                return hashed;
            }

            @Override
            public String digest() throws IOException {
                return hashed.digest();
            }

            @Override
            public long size() {
                return hashed.count();
            }

            @Override
            public void close() throws IOException {
                hashed.close();
            }
        };
    }

    /** A plain layer tar lying in a file: its content copied by the kernel, the region hashed by a second reader. */
    static LayerTarInput inPlace(FileRegion region, MessageDigest digest) throws IOException {
        RegionInputStream tar = RegionInputStream.open(region);
        RegionHasher hasher = RegionHasher.start(region, digest);
        return new LayerTarInput() {
            @Override
            public InputStream tar() {
                return tar;
            }

            @Override
            public TarUnpacker.ContentWriter content() {
                return tar;
            }

            @Override
            public String digest() throws IOException {
                return hasher.digest();
            }

            @Override
            public long size() {
                return region.length();
            }

            @Override
            public void close() throws IOException {
                try (tar) {
                    hasher.close();
                }
            }
        };
    }
}
