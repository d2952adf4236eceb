package io.jocker.engine.image;

import io.jocker.linux.Inodes;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Writes a layer's tar-split index while the layer is unpacked, as Docker does with
 * vbatts/tar-split: every byte of the tar stream that is not a regular file's content (headers,
 * PAX and GNU long-name records, padding, end blocks, whatever follows them) is kept as it is, and
 * a file's content only as a reference to the unpacked file and its size. {@link TarSplitReader}
 * interleaves the two again into the same bytes, so the layer's tar need not be kept beside its
 * files. The writer sits between the stream and the unpacker and sees exactly what the unpacker
 * reads; the unpacker tells it, as a {@link TarUnpacker.ContentLog}, which bytes became which file.
 *
 * <p>A file that a later entry of the same tar deletes (a path that appears twice, a file replaced
 * by a directory) is "rescued" before it goes: its content is copied into the index itself.
 *
 * <p>The file: {@link #MAGIC}, then records ({@code R} int length, bytes | {@code F} long size, int
 * length, UTF-8 path | {@code E}), then the rescued contents, then the table of rescued files (int
 * count, then int file ordinal, long offset, long size each), then the trailer: long offset of the
 * table, long size of the whole stream, {@link #MAGIC}.
 */
final class TarSplitWriter implements TarUnpacker.ContentLog, Closeable {

    static final byte[] MAGIC = "JTSPLIT1".getBytes(StandardCharsets.US_ASCII);
    static final int RAW = 'R';
    static final int FILE = 'F';
    static final int END = 'E';
    static final int TRAILER_LENGTH = 8 + 8 + MAGIC.length;
    /** Kept bytes are gathered up to this many into one record. */
    static final int RAW_LIMIT = 64 * 1024;

    private final Path index;
    private final DataOutputStream out;
    private final FileChannel channel;
    private final byte[] raw = new byte[RAW_LIMIT];
    private int rawLength;
    private boolean inContent;
    private long contentBytes;
    private long size;
    private int files;
    /** The files the index refers to by path, by path: a removal below one must rescue it first. */
    private final TreeMap<String, Referenced> referenced = new TreeMap<>();
    private final List<Rescue> rescues = new ArrayList<>();
    private FileChannel rescued;
    private Path layerDir;
    private InputStream source;

    private record Referenced(int ordinal, long size) {}

    private record Rescue(int ordinal, long offset, long size) {}

    private TarSplitWriter(Path index, FileChannel channel) {
        this.index = index;
        this.channel = channel;
        this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), RAW_LIMIT + 16));
    }

    /** Creates the index file, which must not exist. */
    static TarSplitWriter create(Path index) throws IOException {
        TarSplitWriter writer = new TarSplitWriter(index,
                FileChannel.open(index, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        writer.out.write(MAGIC);
        return writer;
    }

    /** Where the contents of deleted files wait until {@link #finish}; left behind only by a crash. */
    static Path rescueSpool(Path index) {
        return index.resolveSibling(index.getFileName() + ".rescued");
    }

    /** The stream to unpack into {@code layerDir} instead of {@code tar}; it records what is read. */
    InputStream recording(InputStream tar, Path layerDir) {
        this.source = tar;
        this.layerDir = layerDir;
        return new Recording();
    }

    @Override
    public void contentStarts() throws IOException {
        flushRaw();
        inContent = true;
        contentBytes = 0;
    }

    @Override
    public void contentEnds(String relativePath) throws IOException {
        inContent = false;
        if (contentBytes == 0) {
            return;
        }
        byte[] path = relativePath.getBytes(StandardCharsets.UTF_8);
        out.writeByte(FILE);
        out.writeLong(contentBytes);
        out.writeInt(path.length);
        out.write(path);
        referenced.put(relativePath, new Referenced(files++, contentBytes));
    }

    @Override
    public void removing(String relativePath) throws IOException {
        List<String> doomed = new ArrayList<>();
        if (referenced.containsKey(relativePath)) {
            doomed.add(relativePath);
        }
        // Everything below a directory: "a/" up to "a0", '0' being the character after '/'.
        doomed.addAll(referenced.subMap(relativePath + "/", relativePath + "0").keySet());
        for (String path : doomed) {
            rescue(path, referenced.remove(path));
        }
    }

    private void rescue(String relativePath, Referenced file) throws IOException {
        if (rescued == null) {
            rescued = FileChannel.open(rescueSpool(index), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }
        long offset = rescued.position();
        try (FileChannel content = Inodes.openRegular(layerDir.resolve(relativePath))) {
            long copied = 0;
            while (copied < file.size()) {
                long n = content.transferTo(copied, file.size() - copied, rescued);
                if (n <= 0) {
                    throw new IOException("\"" + relativePath + "\" became shorter while it was unpacked");
                }
                copied += n;
            }
        }
        rescues.add(new Rescue(file.ordinal(), offset, file.size()));
    }

    /**
     * Reads what is left of the stream after the tar's end (recorded too: the layer's digest covers
     * it) and completes the index. The stream has then been read to its end.
     */
    void finish() throws IOException {
        byte[] buffer = new byte[RAW_LIMIT];
        for (int n = source.read(buffer); n >= 0; n = source.read(buffer)) {
            consumed(buffer, 0, n);
        }
        flushRaw();
        out.writeByte(END);
        out.flush();
        long rescuedStart = channel.position();
        if (rescued != null) {
            for (long copied = 0; copied < rescued.size(); ) {
                copied += rescued.transferTo(copied, rescued.size() - copied, channel);
            }
        }
        long table = channel.position();
        out.writeInt(rescues.size());
        for (Rescue rescue : rescues) {
            out.writeInt(rescue.ordinal());
            out.writeLong(rescuedStart + rescue.offset());
            out.writeLong(rescue.size());
        }
        out.writeLong(table);
        out.writeLong(size);
        out.write(MAGIC);
        out.flush();
    }

    private void consumed(byte[] bytes, int offset, int length) throws IOException {
        size += length;
        if (inContent) {
            contentBytes += length;
            return;
        }
        for (int done = 0; done < length; ) {
            int n = Math.min(length - done, RAW_LIMIT - rawLength);
            System.arraycopy(bytes, offset + done, raw, rawLength, n);
            rawLength += n;
            done += n;
            if (rawLength == RAW_LIMIT) {
                flushRaw();
            }
        }
    }

    private void flushRaw() throws IOException {
        if (rawLength > 0) {
            out.writeByte(RAW);
            out.writeInt(rawLength);
            out.write(raw, 0, rawLength);
            rawLength = 0;
        }
    }

    /** Closes the index (complete or not: the caller deletes an incomplete one) and deletes the rescue spool. */
    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            if (rescued != null) {
                rescued.close();
                Files.deleteIfExists(rescueSpool(index));
            }
        }
    }

    /** What the unpacker reads: every byte is counted, and kept unless it is a file's content. */
    private final class Recording extends InputStream {

        private final byte[] one = new byte[1];
        private byte[] skipped;

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = source.read(bytes, offset, length);
            if (n > 0) {
                consumed(bytes, offset, n);
            }
            return n;
        }

        /** Skipped bytes are read, so that they are kept too. */
        @Override
        public long skip(long count) throws IOException {
            if (skipped == null) {
                skipped = new byte[8192];
            }
            long done = 0;
            while (done < count) {
                int n = read(skipped, 0, (int) Math.min(skipped.length, count - done));
                if (n < 0) {
                    break;
                }
                done += n;
            }
            return done;
        }

        @Override
        public int available() throws IOException {
            return source.available();
        }
    }
}
