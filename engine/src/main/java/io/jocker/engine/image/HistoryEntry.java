package io.jocker.engine.image;

/**
 * One line of {@code docker history}.
 *
 * @param imageId the image id on the newest line, null ({@code <missing>}) on the others, as Docker shows it
 * @param created RFC 3339 time, or null when the image does not say
 * @param size bytes of the files of the layer this step added ({@link LayerContentSize}), 0 for a step that added none
 */
public record HistoryEntry(String imageId, String created, String createdBy, long size, String comment) {}
