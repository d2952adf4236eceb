package io.jocker.engine.image;

import io.jocker.spi.KernelOps;
import io.jocker.spi.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The layers of every image: the unpacked files in the storage driver under the layer's chain
 * id, and beside the metadata the layer's tar exactly as it arrived (plain or compressed), so
 * that {@code save} reproduces a tar whose sha256 is the diff id in the image config. Unpacking a
 * directory and tarring it again would not give the same bytes (entry order, headers, padding).
 */
final class LayerStore {

    private final StorageDriver driver;
    private final ImageMetadataStore metadata;
    private final TarUnpacker unpacker;

    LayerStore(StorageDriver driver, ImageMetadataStore metadata, KernelOps kernel) {
        this.driver = driver;
        this.metadata = metadata;
        this.unpacker = new TarUnpacker(driver, kernel);
    }

    /** Whether the layer is complete: unpacked in the driver and recorded. */
    boolean has(String chainId) throws IOException {
        return driver.hasLayer(chainId) && metadata.layer(chainId).isPresent();
    }

    Optional<LayerRecord> record(String chainId) throws IOException {
        return metadata.layer(chainId);
    }

    /**
     * Unpacks {@code blob} (a layer tar, plain or compressed) as the layer {@code chainId} and keeps
     * the blob (hard-linked, else copied). With {@code verify}, fails, leaving nothing behind,
     * unless the uncompressed bytes hash to {@code diffId}; without it the caller vouches for the
     * digest (it hashed the blob while writing it), which saves a pass. The caller checks {@link
     * #has} first.
     */
    LayerRecord add(String chainId, String diffId, Path blob, boolean verify) throws IOException, ImageException {
        // An uncommitted layer under this id is the leftover of an interrupted import.
        remove(chainId);
        try {
            Path dir = driver.createLayer(chainId);
            long size;
            try (InputStream uncompressed = Decompressor.open(Files.newInputStream(blob)).stream()) {
                DigestingInputStream digesting = new DigestingInputStream(uncompressed, verify);
                unpacker.unpack(digesting, dir);
                digesting.drain();
                if (verify && !digesting.digest().equals(diffId)) {
                    throw new InvalidArchiveException("layer content does not match its diff id: expected " + diffId
                            + ", got " + digesting.digest());
                }
                size = digesting.count();
            }
            driver.commitLayer(chainId);
            keepBlob(blob, metadata.layerBlob(chainId));
            LayerRecord record = new LayerRecord(chainId, diffId, size);
            metadata.writeLayer(record);
            return record;
        } catch (IOException | ImageException | RuntimeException e) {
            remove(chainId);
            throw e;
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

    /** The layer's tar, uncompressed; fails with a clear message for layers stored before blobs were kept. */
    InputStream openTar(String chainId) throws IOException, ImageException {
        Path blob = metadata.layerBlob(chainId);
        if (!Files.isRegularFile(blob)) {
            throw new ImageException("layer " + chainId + " has no stored tar (it was imported by an older jocker);"
                    + " remove the image and import it again");
        }
        return Decompressor.open(Files.newInputStream(blob)).stream();
    }

    /** Deletes the layer everywhere; absent parts are not an error. */
    void remove(String chainId) throws IOException {
        driver.removeLayer(chainId);
        metadata.deleteLayer(chainId);
        Files.deleteIfExists(metadata.layerBlob(chainId));
    }
}
