package io.jocker.storage.overlay;

import io.jocker.spi.support.DriverIds;
import io.jocker.spi.support.LayerDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where things live under the driver's home:
 *
 * <pre>
 * layers/&lt;key&gt;/diff        a layer's files
 * layers/&lt;key&gt;/committed   present once the layer is committed
 * l/&lt;short&gt;                -> ../layers/&lt;key&gt;/diff, short names that keep lowerdir= under one page
 * containers/&lt;key&gt;/lower    the container's lower short names, topmost first
 * containers/&lt;key&gt;/{upper,work,merged}
 * </pre>
 */
record OverlayLayout(Path home) implements LayerDirs.Layout {

    private static final int SHORT_NAME_LENGTH = 12;

    @Override
    public Path layerDir(String id) {
        return home.resolve("layers").resolve(DriverIds.key(id));
    }

    @Override
    public Path layerFiles(String id) {
        return layerDir(id).resolve("diff");
    }

    @Override
    public Path committedMarker(String id) {
        return layerDir(id).resolve("committed");
    }

    Path links() {
        return home.resolve("l");
    }

    /** A short, stable link name for a layer: a prefix of the sha256 of its id. */
    Path shortLink(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return links().resolve(HexFormat.of().formatHex(digest).substring(0, SHORT_NAME_LENGTH));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    Path containerDir(String id) {
        return home.resolve("containers").resolve(DriverIds.key(id));
    }

    Path lowerFile(String id) {
        return containerDir(id).resolve("lower");
    }

    Path upper(String id) {
        return containerDir(id).resolve("upper");
    }

    Path work(String id) {
        return containerDir(id).resolve("work");
    }

    Path merged(String id) {
        return containerDir(id).resolve("merged");
    }

    /** The lower directory of a container created on no layer at all (overlay needs one). */
    Path emptyLower(String id) {
        return containerDir(id).resolve("empty");
    }
}
