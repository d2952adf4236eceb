package io.jocker.linux;

import java.io.IOException;

/** A libc call failed; carries the errno, its symbolic name and the system's text for it. */
public class LinuxException extends IOException {

    private final String call;
    private final int errno;

    public LinuxException(String call, String subject, int errno) {
        super(format(call, subject, errno));
        this.call = call;
        this.errno = errno;
    }

    private static String format(String call, String subject, int errno) {
        String target = subject == null || subject.isEmpty() ? "" : " " + subject;
        return call + target + ": " + Errno.describe(errno) + " (" + Errno.name(errno) + ")";
    }

    /** The failed call, for example {@code mount}. */
    public String call() {
        return call;
    }

    /** The errno value. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno name, for example {@code ENOENT}. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
