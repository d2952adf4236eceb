package io.jocker.images;

import java.util.List;

/**
 * The arguments of {@code docker import}.
 *
 * @param source what the tar came from, {@code -} for stdin; recorded in the history comment
 * @param reference {@code REPO[:TAG]} to tag the image with, or null for an untagged image
 * @param changes {@code --change} instructions, applied in order
 * @param message {@code --message}, or null for Docker's default {@code Imported from <source>}
 */
public record ImportRequest(String source, String reference, List<String> changes, String message) {

    public ImportRequest {
        changes = List.copyOf(changes);
    }
}
