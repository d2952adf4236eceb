package io.jocker.storage.aufs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The aufs branch list, split like Docker's aufs driver does: mount(2) copies at most one page of
 * options, so the first mount carries as many read-only branches as fit and each remaining one
 * is added with a remount {@code append:<dir>=ro+wh}.
 *
 * @param mountData the options of the first mount
 * @param appends the options of each following remount, in order
 */
record AufsMountOptions(String mountData, List<String> appends) {

    static final int PAGE_SIZE = 4096;
    static final String TRAILER = ",dio,xino=/dev/shm/aufs.xino";
    /** Docker's room for the trailer and a mount label. */
    private static final int RESERVED = 54;

    AufsMountOptions {
        appends = List.copyOf(appends);
    }

    /** Options for {@code rw} on top of {@code readOnly} (topmost first). */
    static AufsMountOptions of(Path rw, List<Path> readOnly) throws IOException {
        StringBuilder data = new StringBuilder("br:").append(branch(rw)).append("=rw");
        int index = 0;
        for (; index < readOnly.size(); index++) {
            String layer = ":" + branch(readOnly.get(index)) + "=ro+wh";
            if (data.length() + layer.length() > PAGE_SIZE - RESERVED) {
                break;
            }
            data.append(layer);
        }
        List<String> appends = new ArrayList<>();
        for (; index < readOnly.size(); index++) {
            appends.add("append:" + branch(readOnly.get(index)) + "=ro+wh");
        }
        return new AufsMountOptions(data + TRAILER, appends);
    }

    /** ':' separates branches, '=' their permissions and ',' options: a path containing one cannot be a branch. */
    private static String branch(Path path) throws IOException {
        String text = path.toString();
        if (text.contains(",") || text.contains(":") || text.contains("=")) {
            throw new IOException("aufs cannot use " + text + " as a branch: the path contains ',', ':' or '='");
        }
        return text;
    }
}
