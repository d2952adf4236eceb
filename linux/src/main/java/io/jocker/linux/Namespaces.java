package io.jocker.linux;

/** unshare(2), setns(2), sethostname(2) and chdir(2): the calls that act on the calling thread's context. */
public final class Namespaces {

    public static final int CLONE_FS = 0x00000200;
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWCGROUP = 0x02000000;
    public static final int CLONE_NEWUTS = 0x04000000;
    public static final int CLONE_NEWIPC = 0x08000000;
    public static final int CLONE_NEWUSER = 0x10000000;
    public static final int CLONE_NEWPID = 0x20000000;
    public static final int CLONE_NEWNET = 0x40000000;

    private Namespaces() {}

    /** unshare(2) for the calling thread. */
    public static void unshare(int flags) throws LinuxException {
        Errno.check(Bindings.unshare(flags), "unshare", "0x" + Integer.toHexString(flags));
    }

    /** setns(2): joins the namespace {@code fd} refers to; {@code type} 0 accepts any. */
    public static void setns(int fd, int type, String what) throws LinuxException {
        Errno.check(Bindings.setns(fd, type), "setns", what);
    }

    /** sethostname(2) in the calling thread's UTS namespace. */
    public static void setHostname(String hostname) throws LinuxException {
        byte[] name = CStrings.of(hostname);
        Errno.check(Bindings.sethostname(name, name.length - 1), "sethostname", hostname);
    }

    /** chdir(2): changes the calling process's (or, after unshare(CLONE_FS), thread's) directory. */
    public static void chdir(String path) throws LinuxException {
        Errno.check(Bindings.chdir(CStrings.of(path)), "chdir", path);
    }

    private static final class Bindings {
        static {
            Libc.register(Bindings.class);
        }

        static native int unshare(int flags);

        static native int setns(int fd, int nstype);

        static native int sethostname(byte[] name, long len);

        static native int chdir(byte[] path);
    }
}
