package io.jocker.images;

import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What {@code image prune} removes, from Docker's filters: only untagged images unless
 * {@code danglingOnly} is false ({@code -a}), only those created before {@code until} (null: any
 * time), and only those whose labels {@code labels} accepts ({@code label=}, {@code label!=}).
 */
public record PruneRequest(boolean danglingOnly, Instant until, Predicate<Map<String, String>> labels) {

    /** Docker's default: every dangling image. */
    public static final PruneRequest DANGLING = new PruneRequest(true, null, labels -> true);
}
