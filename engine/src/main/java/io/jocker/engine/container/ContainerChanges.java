package io.jocker.engine.container;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The changes {@code docker diff} lists, computed from a container's writable layer as Docker's
 * {@code archive.OverlayChanges} computes them: entries arrive from a walk of the layer in sorted
 * pre-order; what is not in any image layer is added ({@code A}), what is there is changed
 * ({@code C}) unless it is a directory identical in size, mode and time, whiteouts are deleted
 * ({@code D}), an opaque directory that replaces a directory of the image is deleted (its new
 * content then follows), and the parent of anything added or deleted is changed.
 */
final class ContainerChanges {

    /** One line of {@code docker diff}. */
    record Change(char kind, String path) {
        @Override
        public String toString() {
            return kind + " " + path;
        }
    }

    /** What is compared of an entry of the writable layer and its counterpart in the image. */
    record Attributes(boolean directory, long size, int mode, long mtimeSeconds, int mtimeNanos) {

        /** Both directories, and Go's {@code sameFsTime}: equal, or equal seconds where one side has no nanoseconds. */
        boolean sameDirectoryAs(Attributes other) {
            boolean sameTime = mtimeSeconds == other.mtimeSeconds
                    && (mtimeNanos == other.mtimeNanos || mtimeNanos == 0 || other.mtimeNanos == 0);
            return directory && other.directory && size == other.size && mode == other.mode && sameTime;
        }
    }

    private final List<Change> changes = new ArrayList<>();
    private final Set<String> changedDirectories = new HashSet<>();

    /**
     * An entry of the writable layer at {@code path} (absolute), with its counterpart in the image,
     * null if there is none.
     */
    void changed(String path, Attributes upper, Attributes lower) {
        if (lower != null && upper.sameDirectoryAs(lower)) {
            return;
        }
        record(path, lower == null ? 'A' : 'C', upper.directory());
    }

    /** A whiteout at {@code path}. */
    void deleted(String path) {
        record(path, 'D', false);
    }

    /**
     * The directory at {@code path}, given to {@link #changed} just before, is opaque;
     * {@code inImage} when the image has an entry there, which it then replaced.
     */
    void opaque(String path, boolean inImage) {
        if (!inImage) {
            return;
        }
        int last = changes.size() - 1;
        if (last >= 0 && changes.get(last).path().equals(path)) {
            changes.remove(last);
        }
        changedDirectories.add(path);
        markParent(path);
        changes.add(new Change('D', path));
    }

    List<Change> list() {
        return List.copyOf(changes);
    }

    private void record(String path, char kind, boolean directory) {
        if (directory) {
            changedDirectories.add(path);
        }
        if (kind != 'C') {
            markParent(path);
        }
        changes.add(new Change(kind, path));
    }

    /** A parent of what was added or deleted is listed as changed, once, even if it looks the same. */
    private void markParent(String path) {
        int slash = path.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : path.substring(0, slash);
        if (!parent.equals("/") && changedDirectories.add(parent)) {
            changes.add(new Change('C', parent));
        }
    }
}
