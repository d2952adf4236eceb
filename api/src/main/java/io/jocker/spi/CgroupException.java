package io.jocker.spi;

/** A cgroup operation failed; the message names the file or controller and what to do. */
public class CgroupException extends Exception {

    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
