package io.jocker.images;

import java.util.List;

/**
 * The arguments of {@code docker commit}, as the image store needs them.
 *
 * @param parentImageId the image the container was created from
 * @param runConfig the container's own configuration, which the new image inherits
 * @param changes {@code --change} instructions applied on top of {@code runConfig}
 * @param message {@code --message}, or null
 * @param createdBy the container's command, recorded in the history as Docker does
 * @param reference {@code REPO[:TAG]}, or null for an untagged image
 */
public record CommitRequest(String parentImageId, RunConfig runConfig, List<String> changes, String message,
        String createdBy, String reference) {

    public CommitRequest {
        changes = List.copyOf(changes);
    }
}
