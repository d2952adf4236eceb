package io.jocker.images;

import io.jocker.images.tar.BackgroundDigestInputStream;
import io.jocker.images.tar.Decompressor;
import io.jocker.images.tar.FileRegion;
import io.jocker.images.tar.LayerTarStream;
import io.jocker.images.tar.RegionInputStream;
import io.jocker.images.tar.TarBlocks;
import io.jocker.images.tar.TarSplitReader;
import io.jocker.images.tar.TarSplitWriter;
import io.jocker.images.tar.TarUnpacker;
import io.jocker.linux.FaultPoints;
import io.jocker.linux.TempFile;
import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import io.jocker.spi.support.Trees;
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

    /** A pending layer's index in the temporary directory, named after the process that unpacks it. */
    private static final Pattern PENDING = Pattern.compile("pending-([0-9]+)-([0-9a-f]{16})\\.tarsplit(\\.rescued)?");
    /** An archive being extracted for {@code load}, named after the process that extracts it. */
    private static final Pattern EXTRACTION = Pattern.compile("load-([0-9]+)-[0-9a-f]{16}");
    private static final int SPOOL_MODE = 0600;

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

    /** The layer's {@link LayerRecord#contentSize()}; 0 for no layer. */
    long contentSize(String chainId) throws IOException {
        return metadata.layer(chainId).map(LayerRecord::contentSize).orElse(0L);
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
        removeAbandonedIfFree();
        String suffix = ProcessHandle.current().pid() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String id = "pending:" + suffix;
        Path index = metadata.tempDir().resolve("pending-" + suffix + ".tarsplit");
        // The index first: whoever finds it can tell the layer's id and whether its process still runs.
        try (TarSplitWriter split = TarSplitWriter.create(index)) {
            Path dir = driver.createLayer(id);
            FaultPoints.reach("import.unpacking");
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
        try (TempFile spool = TempFile.in(metadata.tempDir(), SPOOL_MODE)) {
            try (TarSplitReader split = TarSplitReader.open(pending.index(), pending.id());
                    FileChannel out = FileChannel.open(spool.path(), StandardOpenOption.WRITE)) {
                TarBlocks tar = TarBlocks.to(out);
                split.reassemble(pending.dir(), tar);
                tar.flush();
            }
            driver.removeLayer(pending.id());
            unpack(chainId, pending.diffId(), () -> open(spool.path()));
        }
    }

    /** Deletes what is left of a pending layer; after {@link #adopt} nothing is. */
    void discard(PendingLayer pending) throws IOException {
        driver.removeLayer(pending.id());
        Files.deleteIfExists(pending.index());
        Files.deleteIfExists(TarSplitWriter.rescueSpool(pending.index()));
    }

    /**
     * A new directory for extracting an archive, named after this process so that {@link
     * #removeAbandoned} finds it if the process dies before it removes it.
     */
    Path newExtractionDirectory() throws IOException {
        return Files.createDirectory(metadata.tempDir().resolve("load-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())));
    }

    /**
     * Deletes what processes that no longer run (killed or crashed) left: their pending layers,
     * extraction directories and temporary files, and every layer that no image uses (a layer
     * being adopted, or one that a removal did not finish). Only under the lock, as every process
     * that adopts a layer holds it until an image uses it; clean-up waits for nobody: a long save
     * holds the lock, and the next writer cleans up instead.
     */
    void removeAbandonedIfFree() throws IOException, ImageException {
        metadata.lockedIfFree(() -> {
            removeAbandoned();
            return null;
        });
    }

    private void removeAbandoned() throws IOException {
        Path temp = metadata.tempDir();
        TempFile.removeAbandoned(temp);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(temp, "{pending,load}-*")) {
            for (Path file : files) {
                Matcher pending = PENDING.matcher(file.getFileName().toString());
                Matcher extraction = EXTRACTION.matcher(file.getFileName().toString());
                if (pending.matches() && !runs(pending.group(1))) {
                    Path index = temp.resolve("pending-" + pending.group(1) + "-" + pending.group(2) + ".tarsplit");
                    discard(new PendingLayer("pending:" + pending.group(1) + "-" + pending.group(2), null, index, null, 0, 0));
                } else if (extraction.matches() && !runs(extraction.group(1))) {
                    Trees.delete(file);
                }
            }
        }
        for (String chainId : metadata.unusedLayers()) {
            remove(chainId);
        }
    }

    private static boolean runs(String pid) {
        return ProcessHandle.of(Long.parseLong(pid)).isPresent();
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

    /** Rebuilds the layer's tar from its index and files. */
    @Override
    public void write(LayerRecord layer, TarBlocks out) throws IOException, ImageException {
        Path index = metadata.layerIndex(layer.chainId());
        if (!Files.isRegularFile(index)) {
            throw new ImageException("layer " + layer.chainId() + " has no tar-split index; remove the image and load or import it again");
        }
        try (TarSplitReader split = TarSplitReader.open(index, layer.chainId())) {
            if (split.size() != layer.size()) {
                throw new ImageException("the tar-split index of layer " + layer.chainId() + " describes " + split.size()
                        + " bytes, not " + layer.size() + "; remove the image and load or import it again");
            }
            split.reassemble(driver.layerPath(layer.chainId()), out);
        }
    }

    /**
     * Deletes the layer everywhere, and where registries hold its blob once no other layer has its
     * content (the same diff id on another parent); absent parts are not an error.
     */
    void remove(String chainId) throws IOException {
        Optional<String> diffId = metadata.layer(chainId).map(LayerRecord::diffId);
        driver.removeLayer(chainId);
        metadata.deleteLayer(chainId);
        Path index = metadata.layerIndex(chainId);
        Files.deleteIfExists(index);
        Files.deleteIfExists(TarSplitWriter.rescueSpool(index));
        if (diffId.isPresent() && metadata.hasBlobSources(diffId.get()) && !metadata.hasLayerWithDiffId(diffId.get())) {
            metadata.deleteBlobSources(diffId.get());
        }
    }
}
