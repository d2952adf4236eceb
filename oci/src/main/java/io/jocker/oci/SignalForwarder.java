package io.jocker.oci;

import sun.misc.Signal;

/**
 * While {@code run} waits in the foreground, the signals a caller sends it go on to the
 * container's init, as runc forwards them: a Ctrl-C stops the container, not only the runtime.
 * SIGQUIT stays the JVM's.
 */
final class SignalForwarder {

    private static final String[] FORWARDED = {"INT", "TERM", "HUP", "USR1", "USR2", "WINCH"};

    private SignalForwarder() {}

    static void forwardTo(long pid, HostProcesses host) {
        for (String name : FORWARDED) {
            Signal.handle(new Signal(name), signal -> {
                try {
                    host.signal(pid, signal.getNumber());
                } catch (OciException e) {
                    System.err.println("jocker-runc: " + e.getMessage());
                }
            });
        }
    }
}
