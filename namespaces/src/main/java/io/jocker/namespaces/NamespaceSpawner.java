package io.jocker.namespaces;

import io.jocker.linux.LinuxException;
import io.jocker.linux.Namespaces;
import io.jocker.linux.Spawn;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Spawns the container init into new namespaces. Namespaces attach to one OS thread, and a
 * thread that unshared its PID namespace can no longer create threads, so a fresh platform
 * thread unshares, calls posix_spawn (which creates no Java thread) and ends.
 */
final class NamespaceSpawner {

    static final int NEW_NAMESPACES = Namespaces.CLONE_NEWNS | Namespaces.CLONE_NEWUTS | Namespaces.CLONE_NEWIPC
            | Namespaces.CLONE_NEWNET | Namespaces.CLONE_NEWPID;

    /** The child's fd that carries the {@link InitChannel}. */
    static final int CHANNEL_FD = 3;

    /** The child's fd with a pidfd of the engine, for an init started ahead of its container ({@link InitChannel#STDIO}). */
    static final int PARENT_PIDFD = 4;

    /**
     * The child's fd with the first of the caller's preserved fds (then 5, 6, ...), for an init
     * spawned for its container: it moves them to 3, 4, ... just before its command runs.
     */
    static final int FIRST_PRESERVED_FD = 4;

    private NamespaceSpawner() {}

    /**
     * Spawns {@code argv} with {@code stdio[0..2]} on fds 0 to 2, {@code channel} on fd 3,
     * {@code parentPidfd} on fd 4 unless it is -1, and nothing else, as a session leader with no
     * blocked or ignored signals.
     */
    static long spawn(String id, List<String> argv, List<String> env, int[] stdio, int channel, int parentPidfd)
            throws LinuxException {
        int[] sources = parentPidfd < 0 ? new int[] {stdio[0], stdio[1], stdio[2], channel}
                : new int[] {stdio[0], stdio[1], stdio[2], channel, parentPidfd};
        return spawn(id, argv, env, sources, SharedNamespaces.NONE);
    }

    /**
     * {@link #spawn} of an init for its container, into the namespaces {@code namespaces} names
     * (new ones except those shared), with {@code preserved} from {@link #FIRST_PRESERVED_FD} on.
     */
    static long spawn(String id, List<String> argv, List<String> env, int[] stdio, int channel, List<Integer> preserved,
            SharedNamespaces namespaces) throws LinuxException {
        int[] sources = new int[4 + preserved.size()];
        System.arraycopy(new int[] {stdio[0], stdio[1], stdio[2], channel}, 0, sources, 0, 4);
        for (int i = 0; i < preserved.size(); i++) {
            sources[FIRST_PRESERVED_FD + i] = preserved.get(i);
        }
        return spawn(id, argv, env, sources, namespaces);
    }

    /** Spawns with {@code sources} on fds 0, 1, 2, ... in order, and nothing else. */
    private static long spawn(String id, List<String> argv, List<String> env, int[] sources, SharedNamespaces namespaces)
            throws LinuxException {
        Spawn.Program program = new Spawn.Program(argv.get(0), argv, env);
        try (Spawn.FileActions actions = fdLayout(sources);
                Spawn.Attributes attributes = new Spawn.Attributes()
                        .flags((short) (Spawn.POSIX_SPAWN_SETSID | Spawn.POSIX_SPAWN_SETSIGMASK | Spawn.POSIX_SPAWN_SETSIGDEF))
                        .emptySignalMask()
                        .allSignalsDefault()) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread thread = new Thread(() -> {
                try {
                    namespaces.enter();
                    outcome.set(Spawn.spawn(program, actions, attributes));
                } catch (LinuxException | RuntimeException e) {
                    outcome.set(e);
                }
            }, "jocker-spawn-" + id);
            thread.start();
            joinUninterruptibly(thread);
            Object result = outcome.get();
            if (result instanceof Long pid) {
                return pid;
            }
            if (result instanceof LinuxException e) {
                throw e;
            }
            throw (RuntimeException) result;
        }
    }

    /**
     * Moves every source to a free fd above all of them first, so that a source that is itself
     * one of the targets is not overwritten before it is copied; then onto 0, 1, 2...; then
     * closes the rest.
     */
    private static Spawn.FileActions fdLayout(int[] sources) throws LinuxException {
        int base = sources.length;
        for (int source : sources) {
            base = Math.max(base, source + 1);
        }
        Spawn.FileActions actions = new Spawn.FileActions();
        try {
            for (int i = 0; i < sources.length; i++) {
                actions.dup2(sources[i], base + i);
            }
            for (int i = 0; i < sources.length; i++) {
                actions.dup2(base + i, i);
            }
            actions.closeFrom(sources.length);
            return actions;
        } catch (LinuxException e) {
            actions.close();
            throw e;
        }
    }

    /**
     * Waits for a spawning thread even if the caller is interrupted (the child may already run:
     * the spawn must be seen through), keeping the interrupt for the caller.
     */
    static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
