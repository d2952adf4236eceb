package io.jocker.images.tar;

/**
 * One piece of a layer's tar stream in its tar-split index ({@link TarSplitWriter}): the stream is
 * these pieces in order.
 */
sealed interface TarSplitRecord {

    /** Bytes kept as they were: headers, PAX and GNU long-name records, padding, end blocks, unusual content. */
    record Raw(byte[] bytes) implements TarSplitRecord {}

    /** The whole content of a regular file of the unpacked layer, at {@code path} relative to the layer's directory. */
    record FileContent(String path, long size) implements TarSplitRecord {}

    /**
     * The content of a file that a later entry of the same tar replaced: kept in the index itself,
     * {@code size} bytes from {@code offset}.
     */
    record Rescued(long offset, long size) implements TarSplitRecord {}
}
