package io.jocker.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attack behind runc's path-race CVEs, played on the host: a thread keeps exchanging
 * {@code dir/name}, a real directory, with symbolic links beside it (to a host directory outside
 * the container's root, say) with {@code renameat2(RENAME_EXCHANGE)}, so the name is never
 * missing: half the time the directory, half the time a link. Closing stops it with the real
 * directory back in place.
 */
public final class SymlinkSwapper implements AutoCloseable {

    private final Path dir;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong swaps = new AtomicLong();
    private final Thread thread;
    private volatile RuntimeException failure;

    private SymlinkSwapper(Path dir, String name, List<String> links) {
        this.dir = dir;
        this.thread = new Thread(() -> {
            try {
                for (int i = 0; running.get(); i++) {
                    String link = links.get(i % links.size());
                    exchange(name, link);
                    exchange(name, link);
                    swaps.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }, "symlink-swapper");
    }

    /** Starts swapping {@code dir/name} with each of {@code dir/links} in turn; all must exist. */
    public static SymlinkSwapper start(Path dir, String name, String... links) {
        SymlinkSwapper swapper = new SymlinkSwapper(dir, name, List.of(links));
        swapper.thread.setDaemon(true);
        swapper.thread.start();
        return swapper;
    }

    /**
     * Puts two links to {@code host} beside {@code dir/name}, {@code abs} (absolute) and {@code rel}
     * (relative, climbing far above any root), and starts swapping {@code dir/name} with them.
     */
    public static SymlinkSwapper towards(Path dir, String name, Path host) throws IOException {
        Files.createSymbolicLink(dir.resolve("abs"), host.toAbsolutePath());
        Files.createSymbolicLink(dir.resolve("rel"), Path.of("../../../../../../../../../.." + host.toAbsolutePath()));
        return start(dir, name, "abs", "rel");
    }

    /** How many round trips (to a link and back) were made so far. */
    public long swaps() {
        return swaps.get();
    }

    private void exchange(String a, String b) {
        int rc = Renames.LIBC.renameat2(-100, dir.resolve(a).toString(), -100, dir.resolve(b).toString(), Renames.RENAME_EXCHANGE);
        if (rc != 0) {
            throw new IllegalStateException("renameat2 failed: errno " + Native.getLastError());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }

    private interface Renames extends Library {
        Renames LIBC = Native.load("c", Renames.class);
        int RENAME_EXCHANGE = 2;

        int renameat2(int olddirfd, String oldpath, int newdirfd, String newpath, int flags);
    }
}
