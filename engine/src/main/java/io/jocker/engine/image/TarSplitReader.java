package io.jocker.engine.image;

import io.jocker.linux.Inodes;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a tar-split index written by {@link TarSplitWriter} and reassembles the layer's tar from
 * it and the layer's files: kept bytes are written as they are, file contents are copied by the
 * kernel where the output is a channel. The result is the very stream that was unpacked, so its
 * digest is the layer's diff id. Nothing is hashed here; sizes are checked, as a file that
 * changed size would shift everything after it.
 */
final class TarSplitReader implements Closeable {

    /** A kept record is never longer than the writer makes it; a longer one means a damaged index. */
    private static final int MAX_RAW = TarSplitWriter.RAW_LIMIT;
    private static final int MAX_PATH = 64 * 1024;

    private final FileChannel index;
    private final String layer;
    private final long size;
    private final Map<Integer, TarSplitRecord.Rescued> rescued;

    private TarSplitReader(FileChannel index, String layer, long size, Map<Integer, TarSplitRecord.Rescued> rescued) {
        this.index = index;
        this.layer = layer;
        this.size = size;
        this.rescued = rescued;
    }

    /** Opens the index of {@code layer} (named in errors) and reads its trailer and table of rescued files. */
    static TarSplitReader open(Path file, String layer) throws IOException, ImageException {
        FileChannel index = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long length = index.size();
            if (length < TarSplitWriter.MAGIC.length + 1 + 4 + TarSplitWriter.TRAILER_LENGTH) {
                throw damaged(layer, "it is too short");
            }
            ByteBuffer trailer = read(index, length - TarSplitWriter.TRAILER_LENGTH, TarSplitWriter.TRAILER_LENGTH, layer);
            long table = trailer.getLong();
            long size = trailer.getLong();
            byte[] magic = new byte[TarSplitWriter.MAGIC.length];
            trailer.get(magic);
            if (!Arrays.equals(magic, TarSplitWriter.MAGIC) || table < TarSplitWriter.MAGIC.length
                    || table > length - TarSplitWriter.TRAILER_LENGTH - 4
                    || length - TarSplitWriter.TRAILER_LENGTH - table > Integer.MAX_VALUE || size < 0) {
                throw damaged(layer, "its trailer is not valid");
            }
            ByteBuffer entries = read(index, table, (int) (length - TarSplitWriter.TRAILER_LENGTH - table), layer);
            int count = entries.getInt();
            if (count < 0 || entries.remaining() != count * 20L) {
                throw damaged(layer, "its table of rescued files is not valid");
            }
            Map<Integer, TarSplitRecord.Rescued> rescued = new HashMap<>();
            for (int i = 0; i < count; i++) {
                int ordinal = entries.getInt();
                TarSplitRecord.Rescued content = new TarSplitRecord.Rescued(entries.getLong(), entries.getLong());
                if (content.offset() < TarSplitWriter.MAGIC.length || content.size() < 0
                        || content.offset() + content.size() > table) {
                    throw damaged(layer, "a rescued file lies outside it");
                }
                rescued.put(ordinal, content);
            }
            return new TarSplitReader(index, layer, size, rescued);
        } catch (IOException | ImageException | RuntimeException e) {
            index.close();
            throw e;
        }
    }

    private static ByteBuffer read(FileChannel index, long position, int length, String layer) throws IOException, ImageException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (index.read(buffer, position + buffer.position()) < 0) {
                throw damaged(layer, "it ends early");
            }
        }
        return buffer.flip();
    }

    /** The length of the tar stream the index describes. */
    long size() {
        return size;
    }

    /**
     * Writes the layer's tar to {@code out} as an entry's content (unpadded), its files' contents
     * read from {@code layerDir}. Reads the records from the start, so it can be called again.
     */
    void reassemble(Path layerDir, TarBlocks out) throws IOException, ImageException {
        index.position(TarSplitWriter.MAGIC.length);
        Records records = new Records(new DataInputStream(new BufferedInputStream(Channels.newInputStream(index), MAX_RAW + 16)));
        long written = 0;
        try {
            for (TarSplitRecord record = records.next(); record != null; record = records.next()) {
                if (record instanceof TarSplitRecord.Raw kept) {
                    out.write(kept.bytes(), 0, kept.bytes().length);
                    written += kept.bytes().length;
                } else if (record instanceof TarSplitRecord.FileContent file) {
                    copy(layerDir, file, out);
                    written += file.size();
                } else if (record instanceof TarSplitRecord.Rescued content) {
                    copy(index, content.offset(), content.size(), out, "a rescued file");
                    written += content.size();
                }
            }
        } catch (EOFException e) {
            throw damaged(layer, "it ends early");
        }
        if (written != size) {
            throw damaged(layer, "its records make " + written + " bytes, not " + size);
        }
    }

    /** The records in order, a file's content replaced by its rescued copy where there is one. */
    private final class Records {

        private final DataInputStream in;
        private int files;

        Records(DataInputStream in) {
            this.in = in;
        }

        /** The next record, or null after the last. */
        TarSplitRecord next() throws IOException, ImageException {
            int tag = in.readUnsignedByte();
            if (tag == TarSplitWriter.END) {
                return null;
            }
            if (tag == TarSplitWriter.RAW) {
                int length = in.readInt();
                if (length <= 0 || length > MAX_RAW) {
                    throw damaged(layer, "a record has a bad length");
                }
                byte[] bytes = new byte[length];
                in.readFully(bytes);
                return new TarSplitRecord.Raw(bytes);
            }
            if (tag == TarSplitWriter.FILE) {
                TarSplitRecord.FileContent file = fileContent();
                TarSplitRecord.Rescued copy = rescued.get(files++);
                if (copy != null && copy.size() != file.size()) {
                    throw damaged(layer, "the rescued copy of \"" + file.path() + "\" has the wrong size");
                }
                return copy != null ? copy : file;
            }
            throw damaged(layer, "unknown record type " + tag);
        }

        private TarSplitRecord.FileContent fileContent() throws IOException, ImageException {
            long fileSize = in.readLong();
            int length = in.readInt();
            if (fileSize <= 0 || length <= 0 || length > MAX_PATH) {
                throw damaged(layer, "a file record is not valid");
            }
            byte[] path = new byte[length];
            in.readFully(path);
            String relativePath = new String(path, StandardCharsets.UTF_8);
            // The writer only records clean relative paths; anything else must not be followed out of the layer.
            for (String component : relativePath.split("/", -1)) {
                if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                    throw damaged(layer, "it names the file \"" + relativePath + "\"");
                }
            }
            return new TarSplitRecord.FileContent(relativePath, fileSize);
        }
    }

    private void copy(Path layerDir, TarSplitRecord.FileContent file, TarBlocks out) throws IOException, ImageException {
        try (FileChannel content = Inodes.openRegular(layerDir.resolve(file.path()))) {
            if (content.size() != file.size()) {
                throw changed(file.path(), "is " + content.size() + " bytes long, not " + file.size());
            }
            copy(content, 0, file.size(), out, "\"" + file.path() + "\"");
        } catch (NoSuchFileException e) {
            throw changed(file.path(), "is missing");
        } catch (FileSystemException e) {
            throw changed(file.path(), "is " + e.getReason());
        }
    }

    private void copy(FileChannel from, long position, long length, TarBlocks out, String what)
            throws IOException, ImageException {
        long copied = out.transfer(from, position, length);
        if (copied != length) {
            throw damaged(layer, what + " ended after " + copied + " of " + length + " bytes");
        }
    }

    private ImageException changed(String path, String how) {
        return new ImageException("cannot save layer " + layer + ": its file \"" + path + "\" " + how
                + " (layers are immutable; was it changed by hand?); remove the image and load or import it again");
    }

    private static ImageException damaged(String layer, String why) {
        return new ImageException("the tar-split index of layer " + layer + " is damaged (" + why
                + "); remove the image and load or import it again");
    }

    @Override
    public void close() throws IOException {
        index.close();
    }
}
