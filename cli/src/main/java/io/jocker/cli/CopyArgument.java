package io.jocker.cli;

/**
 * One argument of {@code cp}: {@code CONTAINER:PATH} or a local path, split as Docker's client
 * splits it. A local path that contains a colon must then start with {@code /} or {@code .}
 * ({@code ./file:name.txt}).
 *
 * @param container the container, null for a local path
 * @param path the path
 */
record CopyArgument(String container, String path) {

    static CopyArgument parse(String argument) {
        if (argument.startsWith("/")) {
            return new CopyArgument(null, argument);
        }
        int colon = argument.indexOf(':');
        if (colon < 0 || argument.startsWith(".")) {
            return new CopyArgument(null, argument);
        }
        // As Docker's: ":path" names no container, and "path" after the colon is then a local path.
        return new CopyArgument(colon == 0 ? null : argument.substring(0, colon), argument.substring(colon + 1));
    }
}
