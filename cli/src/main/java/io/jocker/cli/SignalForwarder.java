package io.jocker.cli;

import io.jocker.linux.LinuxException;
import io.jocker.linux.Processes;
import java.util.List;
import sun.misc.Signal;

/** Passes the signals a user sends to {@code jocker run} on to the container's PID 1, as Docker's sig-proxy does. */
final class SignalForwarder {

    private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP", "QUIT", "USR1", "USR2");

    private SignalForwarder() {}

    static void forwardTo(long pid) {
        for (String name : FORWARDED) {
            Signal.handle(new Signal(name), signal -> {
                try {
                    Processes.kill(pid, signal.getNumber());
                } catch (LinuxException e) {
                    // The container already exited; its exit is reported by the waiting thread.
                }
            });
        }
    }
}
