package io.jocker.engine.image;

import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layers of every image: the unpacked files in the storage driver under the layer's chain
 * id, and beside the metadata the layer's tar-split index ({@link TarSplitWriter}), so that
 * {@code save} rebuilds the exact tar whose sha256 is the diff id in the image config from the
 * files. Unpacking a directory and tarring it again would not give the same bytes (entry order,
 * headers, padding). Every unpacking hashes the tar on a second thread while it writes the files
 * and the index.
 */
final class LayerStore implements ImageArchiveWriter.LayerSource {

    /** A pending layer's index in the temporary directory, named after the process that unpacks it; older jockers kept a tar. */
    private static final Pattern PENDING = Pattern.compile("pending-([0-9]+)-([0-9a-f]{16})\\.(tarsplit|tar)");

    private final StorageDriver driver;
    private final ImageMetadataStore metadata;
    private final TarUnpacker unpacker;
    private final Supplier<MessageDigest> digests;

    /** With the digests to hash layers with: {@link Digests#sha256}, but in tests. */
    LayerStore(StorageDriver driver, ImageMetadataStore metadata, KernelOps kernel, Supplier<MessageDigest> digests) {
        this.driver = driver;
        this.metadata = metadata;
        this.unpacker = new TarUnpacker(driver, kernel);
        this.digests = digests;
    }

    /**
     * A layer unpacked under a provisional id whose diff id became known only at the end; it is
     * either adopted under its chain id ({@link #adopt}) or discarded ({@link #discard}).
     */
    record PendingLayer(String id, Path dir, Path index, String diffId, long size, long contentSize) {}

    /** Whether the layer is complete: unpacked in the driver and recorded. */
    boolean has(String chainId) throws IOException {
        return driver.hasLayer(chainId) && metadata.layer(chainId).isPresent();
    }

    Optional<LayerRecord> record(String chainId) throws IOException {
        return metadata.layer(chainId);
    }

    /**
     * The layer's {@link LayerRecord#contentSize()}, measured on its files for a record of an older
     * jocker that lacks it; 0 for no layer, the tar's size for a layer whose files are gone.
     */
    long contentSize(String chainId) throws IOException {
        Optional<LayerRecord> record = metadata.layer(chainId);
        if (record.isEmpty()) {
            return 0;
        }
        if (record.get().contentSize() != null) {
            return record.get().contentSize();
        }
        Path files = driver.layerPath(chainId);
        return Files.isDirectory(files) ? LayerContentSize.of(files) : record.get().size();
    }

    /**
     * Reads {@code raw} (a layer tar, plain or compressed) once: it is unpacked under a provisional
     * id, indexed and hashed, all in one pass. A failure leaves nothing behind. The caller closes
     * {@code raw}.
     */
    PendingLayer unpack(InputStream raw) throws IOException, ImageException {
        return unpackPending(() -> open(raw));
    }

    /** As {@link #unpack(InputStream)}, for a layer tar that is the whole of {@code file}. */
    PendingLayer unpack(Path file) throws IOException, ImageException {
        return unpackPending(() -> open(file));
    }

    /** As {@link #unpack(InputStream)}, for a file of an image archive, extracted or read where it lies. */
    PendingLayer unpack(ArchiveFiles.ArchiveFile blob) throws IOException, ImageException {
        return unpackPending(() -> open(blob));
    }

    /**
     * Checks that {@code blob} (a layer tar, plain or compressed) is the layer {@code diffId},
     * without unpacking it: for a layer that is stored already, whose blob must not be trusted
     * unread.
     */
    void verify(ArchiveFiles.ArchiveFile blob, String diffId) throws IOException, ImageException {
        try (LayerTarStream tar = open(blob)) {
            checkDigest(tar.digest(), diffId);
        }
    }

    private PendingLayer unpackPending(Source source) throws IOException, ImageException {
        // Clean-up waits for nobody: a long save holds the lock, and the next writer cleans up instead.
        metadata.lockedIfFree(() -> {
            removeAbandoned();
            return null;
        });
        String suffix = ProcessHandle.current().pid() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String id = "pending:" + suffix;
        Path index = metadata.tempDir().resolve("pending-" + suffix + ".tarsplit");
        // The index first: whoever finds it can tell the layer's id and whether its process still runs.
        try (TarSplitWriter split = TarSplitWriter.create(index)) {
            Path dir = driver.createLayer(id);
            try (LayerTarStream tar = source.open()) {
                unpacker.unpack(split.recording(tar, dir), dir, split, tar);
                split.finish();
                return new PendingLayer(id, dir, index, tar.digest(), tar.size(), LayerContentSize.of(dir));
            }
        } catch (IOException | ImageException | RuntimeException e) {
            discard(new PendingLayer(id, null, index, null, 0, 0));
            throw e;
        }
    }

    /**
     * Makes a pending layer the layer {@code chainId}, keeping its index. The caller holds the store's
     * lock and checks {@link #has} first; a failure leaves no layer {@code chainId} behind.
     */
    LayerRecord adopt(PendingLayer pending, String chainId) throws IOException, ImageException {
        // An uncommitted layer under this id is the leftover of an interrupted import.
        remove(chainId);
        try {
            try {
                driver.renameLayer(pending.id(), chainId);
                Files.createDirectories(metadata.layerIndex(chainId).getParent());
                Files.move(pending.index(), metadata.layerIndex(chainId));
            } catch (UnsupportedOperationException e) {
                unpackAgain(pending, chainId);
            }
            driver.commitLayer(chainId);
            LayerRecord record = new LayerRecord(chainId, pending.diffId(), pending.size(), pending.contentSize());
            metadata.writeLayer(record);
            return record;
        } catch (IOException | ImageException | RuntimeException e) {
            remove(chainId);
            throw e;
        }
    }

    /** For a driver that cannot rename: the pending layer's tar, rebuilt into a spool, is unpacked under {@code chainId}. */
    private void unpackAgain(PendingLayer pending, String chainId) throws IOException, ImageException {
        Path spool = Files.createTempFile(metadata.tempDir(), "unpack-again-", ".tar");
        try {
            try (TarSplitReader split = TarSplitReader.open(pending.index(), pending.id());
                    FileChannel out = FileChannel.open(spool, StandardOpenOption.WRITE)) {
                TarBlocks tar = TarBlocks.to(out);
                split.reassemble(pending.dir(), tar);
                tar.flush();
            }
            driver.removeLayer(pending.id());
            unpack(chainId, pending.diffId(), () -> open(spool));
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** Deletes what is left of a pending layer; after {@link #adopt} nothing is. */
    void discard(PendingLayer pending) throws IOException {
        driver.removeLayer(pending.id());
        Files.deleteIfExists(pending.index());
        Files.deleteIfExists(TarSplitWriter.rescueSpool(pending.index()));
    }

    /** Pending layers of processes that no longer run (killed or crashed) are deleted. The caller holds the lock. */
    private void removeAbandoned() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(metadata.tempDir(), "pending-*")) {
            for (Path index : files) {
                Matcher name = PENDING.matcher(index.getFileName().toString());
                if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                    discard(new PendingLayer("pending:" + name.group(1) + "-" + name.group(2), null, index, null, 0, 0));
                }
            }
        }
    }

    /** A layer tar to open once the way is clear. */
    private interface Source {
        LayerTarStream open() throws IOException, ImageException;
    }

    /** Opens a stream of bytes. */
    private interface Opener {
        InputStream open() throws IOException;
    }

    /** {@code raw}, plain or compressed, uncompressed and hashed; closing the result closes {@code raw}. */
    private LayerTarStream open(InputStream raw) throws IOException, ImageException {
        try {
            return new BackgroundDigestInputStream(Decompressor.open(raw).stream(), digests.get());
        } catch (IOException | ImageException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** A file of an image archive: a plain layer tar is read where it lies, a compressed one streamed. */
    private LayerTarStream open(ArchiveFiles.ArchiveFile blob) throws IOException, ImageException {
        Optional<FileRegion> region = blob.region();
        return region.isPresent() ? open(region.get(), blob::open) : open(blob.open());
    }

    /** Refuses a layer whose content is not the one its diff id names. */
    static void checkDigest(String actual, String diffId) throws InvalidArchiveException {
        if (!actual.equals(diffId)) {
            throw new InvalidArchiveException("layer content does not match its diff id: expected " + diffId + ", got " + actual);
        }
    }

    /** The layer tar that is the whole of {@code file}. */
    private LayerTarStream open(Path file) throws IOException, ImageException {
        return open(new FileRegion(file, 0, Files.size(file)), () -> Files.newInputStream(file));
    }

    /** A layer tar that lies in a file: a plain one is unpacked where it lies, a compressed one streamed. */
    private LayerTarStream open(FileRegion region, Opener whole) throws IOException, ImageException {
        if (Decompressor.isCompressed(region.head(Decompressor.SIGNATURE_BYTES))) {
            return open(whole.open());
        }
        return RegionInputStream.open(region, digests.get());
    }

    /**
     * Unpacks the layer tar that {@code source} opens as the uncommitted layer {@code chainId} and
     * writes its index and checks its digest.
     */
    private void unpack(String chainId, String diffId, Source source) throws IOException, ImageException {
        Path index = metadata.layerIndex(chainId);
        Files.createDirectories(index.getParent());
        try (TarSplitWriter split = TarSplitWriter.create(index)) {
            Path dir = driver.createLayer(chainId);
            try (LayerTarStream tar = source.open()) {
                unpacker.unpack(split.recording(tar, dir), dir, split, tar);
                split.finish();
                checkDigest(tar.digest(), diffId);
            }
        }
    }

    /** Rebuilds the layer's tar from its index and files; a layer stored by an older jocker has its whole tar instead. */
    @Override
    public void write(LayerRecord layer, TarBlocks out) throws IOException, ImageException {
        Path index = metadata.layerIndex(layer.chainId());
        if (!Files.isRegularFile(index)) {
            KeptLayerTar.write(keptTar(layer.chainId()), layer, out);
            return;
        }
        try (TarSplitReader split = TarSplitReader.open(index, layer.chainId())) {
            if (split.size() != layer.size()) {
                throw new ImageException("the tar-split index of layer " + layer.chainId() + " describes " + split.size()
                        + " bytes, not " + layer.size() + "; remove the image and load or import it again");
            }
            split.reassemble(driver.layerPath(layer.chainId()), out);
        }
    }

    /** The layer's whole tar as older jockers kept it; fails with a clear message for layers stored before even that. */
    private Path keptTar(String chainId) throws ImageException {
        Path blob = metadata.keptLayerTar(chainId);
        if (!Files.isRegularFile(blob)) {
            throw new ImageException("layer " + chainId + " has no stored tar (it was imported by an older jocker);"
                    + " remove the image and import it again");
        }
        return blob;
    }

    /** Deletes the layer everywhere; absent parts are not an error. */
    void remove(String chainId) throws IOException {
        driver.removeLayer(chainId);
        metadata.deleteLayer(chainId);
        Path index = metadata.layerIndex(chainId);
        Files.deleteIfExists(index);
        Files.deleteIfExists(TarSplitWriter.rescueSpool(index));
        Files.deleteIfExists(metadata.keptLayerTar(chainId));
    }
}
