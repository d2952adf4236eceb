package io.jocker.engine.image;

import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * id, and beside the metadata the layer's tar exactly as it arrived (plain or compressed), so
 * that {@code save} reproduces a tar whose sha256 is the diff id in the image config. Unpacking a
 * directory and tarring it again would not give the same bytes (entry order, headers, padding).
 * Every unpacking hashes the tar on a second thread while it writes the files.
 */
final class LayerStore implements ImageArchiveWriter.LayerSource {

    /** A pending layer's tar in the temporary directory, named after the process that unpacks it. */
    private static final Pattern PENDING_TAR = Pattern.compile("pending-([0-9]+)-([0-9a-f]{16})\\.tar");

    private final StorageDriver driver;
    private final ImageMetadataStore metadata;
    private final TarUnpacker unpacker;
    private final Supplier<MessageDigest> digests;

    LayerStore(StorageDriver driver, ImageMetadataStore metadata, KernelOps kernel) {
        this(driver, metadata, kernel, Digests::sha256);
    }

    /** With the digests to hash layers with; tests pass failing ones. */
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
    record PendingLayer(String id, Path tar, String diffId, long size) {}

    /** Whether the layer is complete: unpacked in the driver and recorded. */
    boolean has(String chainId) throws IOException {
        return driver.hasLayer(chainId) && metadata.layer(chainId).isPresent();
    }

    Optional<LayerRecord> record(String chainId) throws IOException {
        return metadata.layer(chainId);
    }

    /**
     * Reads {@code raw} (a layer tar, plain or compressed) once: it is kept as it arrives, unpacked
     * under a provisional id and hashed, all in one pass. A failure leaves nothing behind. The
     * caller closes {@code raw}.
     */
    PendingLayer unpack(InputStream raw) throws IOException, ImageException {
        metadata.locked(() -> {
            removeAbandoned();
            return null;
        });
        String suffix = ProcessHandle.current().pid() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String id = "pending:" + suffix;
        Path tar = metadata.tempDir().resolve("pending-" + suffix + ".tar");
        // The tar first: whoever finds it can tell the layer's id and whether its process still runs.
        try (OutputStream kept = Files.newOutputStream(tar, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Path dir = driver.createLayer(id);
            try (BackgroundDigestInputStream hashed = new BackgroundDigestInputStream(
                    Decompressor.open(new TeeInputStream(raw, kept)).stream(), digests.get())) {
                unpacker.unpack(hashed, dir);
                return new PendingLayer(id, tar, hashed.digest(), hashed.count());
            }
        } catch (IOException | ImageException | RuntimeException e) {
            discard(new PendingLayer(id, tar, null, 0));
            throw e;
        }
    }

    /**
     * Makes a pending layer the layer {@code chainId}, keeping its tar. The caller holds the store's
     * lock and checks {@link #has} first; a failure leaves no layer {@code chainId} behind.
     */
    LayerRecord adopt(PendingLayer pending, String chainId) throws IOException, ImageException {
        // An uncommitted layer under this id is the leftover of an interrupted import.
        remove(chainId);
        try {
            try {
                driver.renameLayer(pending.id(), chainId);
            } catch (UnsupportedOperationException e) {
                driver.removeLayer(pending.id());
                unpack(chainId, pending.diffId(), Files.newInputStream(pending.tar()));
            }
            driver.commitLayer(chainId);
            Path kept = metadata.layerBlob(chainId);
            Files.createDirectories(kept.getParent());
            Files.move(pending.tar(), kept);
            LayerRecord record = new LayerRecord(chainId, pending.diffId(), pending.size());
            metadata.writeLayer(record);
            return record;
        } catch (IOException | ImageException | RuntimeException e) {
            remove(chainId);
            throw e;
        }
    }

    /** Deletes what is left of a pending layer; after {@link #adopt} nothing is. */
    void discard(PendingLayer pending) throws IOException {
        driver.removeLayer(pending.id());
        Files.deleteIfExists(pending.tar());
    }

    /** Pending layers of processes that no longer run (killed or crashed) are deleted. The caller holds the lock. */
    private void removeAbandoned() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(metadata.tempDir(), "pending-*.tar")) {
            for (Path tar : files) {
                Matcher name = PENDING_TAR.matcher(tar.getFileName().toString());
                if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                    discard(new PendingLayer("pending:" + name.group(1) + "-" + name.group(2), tar, null, 0));
                }
            }
        }
    }

    /**
     * Unpacks {@code blob} (a layer tar, plain or compressed, whose uncompressed bytes must hash to
     * {@code diffId}) as the layer {@code chainId} and keeps the blob (hard-linked, else copied).
     * Fails, leaving nothing behind, when the digest differs. The caller checks {@link #has} first.
     */
    LayerRecord add(String chainId, String diffId, Path blob) throws IOException, ImageException {
        return add(chainId, diffId, () -> {
            long size = unpack(chainId, diffId, Files.newInputStream(blob));
            keepBlob(blob, metadata.layerBlob(chainId));
            return size;
        });
    }

    /** As {@link #add(String, String, Path)}; a blob read in place from an archive is kept as it is read, in the same pass. */
    LayerRecord add(String chainId, String diffId, ArchiveFiles.ArchiveFile blob) throws IOException, ImageException {
        Optional<Path> extracted = blob.extracted();
        if (extracted.isPresent()) {
            return add(chainId, diffId, extracted.get());
        }
        return add(chainId, diffId, () -> {
            Path kept = metadata.layerBlob(chainId);
            Files.createDirectories(kept.getParent());
            try (InputStream raw = blob.open(); OutputStream keep = Files.newOutputStream(kept, StandardOpenOption.CREATE_NEW)) {
                return unpack(chainId, diffId, new TeeInputStream(raw, keep));
            }
        });
    }

    /** Unpacks and keeps a layer's tar; returns the layer's size. */
    private interface Unpacking {
        long run() throws IOException, ImageException;
    }

    private LayerRecord add(String chainId, String diffId, Unpacking unpacking) throws IOException, ImageException {
        // An uncommitted layer under this id is the leftover of an interrupted import.
        remove(chainId);
        try {
            long size = unpacking.run();
            driver.commitLayer(chainId);
            LayerRecord record = new LayerRecord(chainId, diffId, size);
            metadata.writeLayer(record);
            return record;
        } catch (IOException | ImageException | RuntimeException e) {
            remove(chainId);
            throw e;
        }
    }

    /** Unpacks {@code raw} as the uncommitted layer {@code chainId}, checks its digest and returns its size; closes {@code raw}. */
    private long unpack(String chainId, String diffId, InputStream raw) throws IOException, ImageException {
        try (InputStream source = raw) {
            Path dir = driver.createLayer(chainId);
            try (BackgroundDigestInputStream hashed = new BackgroundDigestInputStream(
                    Decompressor.open(source).stream(), digests.get())) {
                unpacker.unpack(hashed, dir);
                String actual = hashed.digest();
                if (!actual.equals(diffId)) {
                    throw new InvalidArchiveException("layer content does not match its diff id: expected " + diffId
                            + ", got " + actual);
                }
                return hashed.count();
            }
        }
    }

    private static void keepBlob(Path blob, Path kept) throws IOException {
        Files.createDirectories(kept.getParent());
        Files.deleteIfExists(kept);
        try {
            Files.createLink(kept, blob);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(blob, kept);
        }
    }

    @Override
    public Optional<Path> plainTar(LayerRecord layer) throws IOException, ImageException {
        Path blob = keptTar(layer.chainId());
        try (InputStream in = Files.newInputStream(blob)) {
            return Decompressor.open(in).format().equals(Decompressor.NONE) ? Optional.of(blob) : Optional.empty();
        }
    }

    @Override
    public InputStream open(LayerRecord layer) throws IOException, ImageException {
        return Decompressor.open(Files.newInputStream(keptTar(layer.chainId()))).stream();
    }

    /** The layer's tar as kept; fails with a clear message for layers stored before tars were kept. */
    private Path keptTar(String chainId) throws ImageException {
        Path blob = metadata.layerBlob(chainId);
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
        Files.deleteIfExists(metadata.layerBlob(chainId));
    }
}
