package io.jocker.images;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One image found in a {@code load} archive, not yet trusted beyond its config's digest.
 *
 * @param config the config bytes; their sha256 is the image id
 * @param layers the layer blobs, lowest first
 * @param blobDigests each blob's expected sha256 from an OCI descriptor, or null where the format has none
 * @param references the tags the archive gives the image
 */
record ArchivedImage(byte[] config, List<ArchiveFiles.ArchiveFile> layers, List<String> blobDigests, List<Reference> references) {

    ArchivedImage {
        layers = List.copyOf(layers);
        blobDigests = Collections.unmodifiableList(new ArrayList<>(blobDigests));
        references = List.copyOf(references);
    }
}
