package io.jocker.cli;

import java.io.PrintWriter;
import java.util.List;

/** What the prune commands print, as Docker's: a section per kind of object removed, then the total. */
final class PruneReport {

    private final PrintWriter out;
    private long reclaimed;

    PruneReport(PrintWriter out) {
        this.out = out;
    }

    /** {@code Deleted Containers:} and one line each, and a blank line; nothing when none was removed. */
    PruneReport section(String heading, List<String> lines, long reclaimedBytes) {
        if (!lines.isEmpty()) {
            out.println(heading);
            lines.forEach(out::println);
            out.println();
            reclaimed += reclaimedBytes;
        }
        return this;
    }

    void total() {
        out.println("Total reclaimed space: " + Units.humanSize(reclaimed));
        out.flush();
    }
}
