package io.jocker.cli;

import io.jocker.linux.LinuxException;
import io.jocker.linux.Processes;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;

/**
 * Passes the signals a user sends to {@code jocker run} on to the container's PID 1, as Docker's
 * sig-proxy does. Installed before the container starts, so that a signal arriving while it
 * starts is held and delivered once its PID is known.
 */
final class SignalForwarder {

    private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP", "USR1", "USR2");

    private long pid;
    private final List<Integer> pending = new ArrayList<>();

    private SignalForwarder() {}

    static SignalForwarder install() {
        SignalForwarder forwarder = new SignalForwarder();
        for (String name : FORWARDED) {
            try {
                Signal.handle(new Signal(name), signal -> forwarder.deliver(signal.getNumber()));
            } catch (IllegalArgumentException e) {
                // The JVM reserves this signal (QUIT always; some JVMs a USR signal): it stays with the JVM.
            }
        }
        return forwarder;
    }

    /** Starts forwarding to {@code target}, first delivering what arrived before. */
    synchronized void attach(long target) {
        pid = target;
        for (int signal : pending) {
            send(signal);
        }
        pending.clear();
    }

    /** Stops forwarding: the container was reaped and its PID may be reused. */
    synchronized void detach() {
        pid = -1;
    }

    private synchronized void deliver(int signal) {
        if (pid < 0) {
            return;
        }
        if (pid == 0) {
            pending.add(signal);
        } else {
            send(signal);
        }
    }

    private void send(int signal) {
        try {
            // A container that already exited: its exit is reported by the waiting thread.
            Processes.signalIfAlive(pid, signal);
        } catch (LinuxException e) {
            // The user's signal is not lost silently: say so, and keep forwarding the next ones.
            System.err.println(Failures.PREFIX + "cannot forward signal " + signal + " to the container: " + e.getMessage());
        }
    }
}
