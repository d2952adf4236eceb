package io.jocker.engine.cp;

import java.util.function.UnaryOperator;

/**
 * Where an archive of a copy's source is unpacked and how its entries are renamed, so that
 * unpacking it gives {@code cp}'s result: Docker's {@code PrepareArchiveCopy}.
 *
 * @param directory the directory to unpack into
 * @param rename what each entry's name becomes
 */
record Placement(String directory, UnaryOperator<String> rename) {

    /** What a copy's destination is before the copy. */
    record Destination(String path, boolean exists, boolean directory) {}

    /**
     * The placement of an archive whose entries start with {@code sourceBase} (a directory's
     * content when {@code sourceIsDirectory}) at {@code destination}.
     */
    static Placement of(String sourceBase, boolean sourceIsDirectory, Destination destination) {
        String[] split = CopyPaths.splitPathDirEntry(destination.path());
        String directory = split[0];
        String base = split[1];
        if (destination.exists() && destination.directory()) {
            return new Placement(destination.path(), UnaryOperator.identity());
        }
        if (destination.exists() && sourceIsDirectory) {
            throw new CopyException("cannot copy directory");
        }
        if (!destination.exists() && !sourceIsDirectory && CopyPaths.assertsDirectory(destination.path())) {
            throw new CopyException("no such directory");
        }
        return new Placement(directory, rebase(sourceBase, base));
    }

    /**
     * Go's {@code newNameRebaser}: {@code oldBase} at the start of a name (as a whole component)
     * becomes {@code newBase}; an empty or {@code /} old base prefixes every name instead.
     */
    static UnaryOperator<String> rebase(String oldBase, String newBase) {
        String from = trimTrailingSlashes(oldBase);
        String to = trimTrailingSlashes(newBase);
        if (from.isEmpty()) {
            return name -> {
                String stripped = name.replaceFirst("^/+", "");
                return to.isEmpty() ? stripped : to + "/" + stripped;
            };
        }
        return name -> {
            if (!name.startsWith(from)) {
                return name;
            }
            String suffix = name.substring(from.length());
            return suffix.isEmpty() || suffix.startsWith("/") ? to + suffix : name;
        };
    }

    private static String trimTrailingSlashes(String s) {
        String t = s;
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
