package io.jocker.cli;

import io.jocker.engine.filter.Filters;
import io.jocker.engine.image.ImageSummary;
import java.util.List;
import java.util.Set;

/**
 * {@code images --filter}: {@code dangling=true|false}, {@code label=KEY[=VALUE]} (all must
 * match) and {@code label!=}, as Docker's daemon reads them.
 */
final class ImageFilter {

    private static final Set<String> KEYS = Set.of("dangling", "label", "label!");

    private final Filters filters;

    private ImageFilter(Filters filters) {
        this.filters = filters;
    }

    static ImageFilter parse(List<String> flags) {
        Filters filters = Filters.parse(flags).accept(KEYS);
        filters.bool("dangling");
        return new ImageFilter(filters);
    }

    boolean includes(ImageSummary image) {
        return filters.bool("dangling").map(dangling -> dangling == image.dangling()).orElse(true)
                && filters.matchLabels(image.labels());
    }
}
