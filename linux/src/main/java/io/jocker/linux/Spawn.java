package io.jocker.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.List;

/**
 * posix_spawn(3): starts a process without creating a Java thread and without forking the JVM's
 * heap, which is what a thread that unshared its PID namespace needs.
 */
public final class Spawn {

    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    public static final short POSIX_SPAWN_SETSID = 0x80;

    /** glibc's opaque types are 80 and 336 bytes on x86_64; the margin costs nothing. */
    private static final int OPAQUE_BYTES = 512;
    private static final int SIGSET_BYTES = 128;

    private Spawn() {}

    /** What the child does with its fds before it runs the program, in order. */
    public static final class FileActions implements AutoCloseable {
        private final Memory actions = new Memory(OPAQUE_BYTES);

        public FileActions() throws LinuxException {
            check(Bindings.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        }

        /** dup2(from, to) in the child (clears close-on-exec on {@code to}). */
        public FileActions dup2(int from, int to) throws LinuxException {
            check(Bindings.posix_spawn_file_actions_adddup2(actions, from, to), "posix_spawn_file_actions_adddup2");
            return this;
        }

        /** close(fd) in the child. */
        public FileActions close(int fd) throws LinuxException {
            check(Bindings.posix_spawn_file_actions_addclose(actions, fd), "posix_spawn_file_actions_addclose");
            return this;
        }

        /** open(path, flags) onto {@code fd} in the child; the path is resolved in the child's namespaces. */
        public FileActions open(int fd, String path, int flags, int mode) throws LinuxException {
            check(Bindings.posix_spawn_file_actions_addopen(actions, fd, CStrings.of(path), flags, mode),
                    "posix_spawn_file_actions_addopen");
            return this;
        }

        /** chdir(path) in the child. */
        public FileActions chdir(String path) throws LinuxException {
            check(Bindings.posix_spawn_file_actions_addchdir_np(actions, CStrings.of(path)), "posix_spawn_file_actions_addchdir_np");
            return this;
        }

        /** Closes every fd from {@code lowest} up in the child, so nothing of the caller leaks. */
        public FileActions closeFrom(int lowest) throws LinuxException {
            check(Bindings.posix_spawn_file_actions_addclosefrom_np(actions, lowest), "posix_spawn_file_actions_addclosefrom_np");
            return this;
        }

        @Override
        public void close() {
            Bindings.posix_spawn_file_actions_destroy(actions);
        }
    }

    /** Spawn attributes: flags, signal mask and signal defaults. */
    public static final class Attributes implements AutoCloseable {
        private final Memory attributes = new Memory(OPAQUE_BYTES);

        public Attributes() throws LinuxException {
            check(Bindings.posix_spawnattr_init(attributes), "posix_spawnattr_init");
        }

        /** posix_spawnattr_setflags, for example {@link #POSIX_SPAWN_SETSID}. */
        public Attributes flags(short flags) throws LinuxException {
            check(Bindings.posix_spawnattr_setflags(attributes, flags), "posix_spawnattr_setflags");
            return this;
        }

        /** The child starts with no signal blocked (needs {@link #POSIX_SPAWN_SETSIGMASK}). */
        public Attributes emptySignalMask() throws LinuxException {
            Memory set = new Memory(SIGSET_BYTES);
            Bindings.sigemptyset(set);
            check(Bindings.posix_spawnattr_setsigmask(attributes, set), "posix_spawnattr_setsigmask");
            return this;
        }

        /** Every signal gets its default disposition in the child (needs {@link #POSIX_SPAWN_SETSIGDEF}). */
        public Attributes allSignalsDefault() throws LinuxException {
            Memory set = new Memory(SIGSET_BYTES);
            Bindings.sigfillset(set);
            check(Bindings.posix_spawnattr_setsigdefault(attributes, set), "posix_spawnattr_setsigdefault");
            return this;
        }

        @Override
        public void close() {
            Bindings.posix_spawnattr_destroy(attributes);
        }
    }

    /**
     * A program and its arguments and environment, encoded in native memory ahead of the spawn,
     * so that {@link #spawn(Program, FileActions, Attributes)} allocates no native memory (a
     * thread that unshared its PID namespace must not need JNA's cleaner thread).
     */
    public static final class Program {
        private final String path;
        private final byte[] cPath;
        private final Memory argv;
        private final Memory envp;

        public Program(String path, List<String> argv, List<String> env) {
            this.path = path;
            this.cPath = CStrings.of(path);
            this.argv = CStrings.array(argv);
            this.envp = CStrings.array(env);
        }
    }

    /** posix_spawn(3) of the absolute {@code path}; returns the child's PID. */
    public static long spawn(String path, List<String> argv, List<String> env, FileActions actions, Attributes attributes)
            throws LinuxException {
        return spawn(new Program(path, argv, env), actions, attributes);
    }

    /** posix_spawn(3) of a prepared program; returns the child's PID. */
    public static long spawn(Program program, FileActions actions, Attributes attributes) throws LinuxException {
        int[] pid = new int[1];
        int rc = Bindings.posix_spawn(pid, program.cPath, actions.actions, attributes.attributes, program.argv, program.envp);
        if (rc != 0) {
            throw new LinuxException("posix_spawn", program.path, rc);
        }
        return pid[0];
    }

    /** The posix_spawn family returns the error number instead of setting errno. */
    private static void check(int rc, String call) throws LinuxException {
        if (rc != 0) {
            throw new LinuxException(call, null, rc);
        }
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native int posix_spawn(int[] pid, byte[] path, Pointer actions, Pointer attributes, Pointer argv, Pointer envp);

        static native int posix_spawn_file_actions_init(Pointer actions);

        static native int posix_spawn_file_actions_destroy(Pointer actions);

        static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

        static native int posix_spawn_file_actions_addclose(Pointer actions, int fd);

        static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

        static native int posix_spawn_file_actions_addopen(Pointer actions, int fd, byte[] path, int flags, int mode);

        static native int posix_spawn_file_actions_addchdir_np(Pointer actions, byte[] path);

        static native int posix_spawnattr_init(Pointer attributes);

        static native int posix_spawnattr_destroy(Pointer attributes);

        static native int posix_spawnattr_setflags(Pointer attributes, short flags);

        static native int posix_spawnattr_setsigmask(Pointer attributes, Pointer set);

        static native int posix_spawnattr_setsigdefault(Pointer attributes, Pointer set);

        static native int sigemptyset(Pointer set);

        static native int sigfillset(Pointer set);
    }
}
