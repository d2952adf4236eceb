package io.jocker.cli;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Terminals;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ExitStatus;
import io.jocker.spi.Stdio;
import java.util.Optional;

/**
 * The caller's side of a foreground process ({@code run} or {@code exec}): which descriptors it
 * gets, the terminal relay with {@code -t}, and signal forwarding without it.
 */
final class Attachment implements AutoCloseable {

    private final boolean tty;
    private final boolean interactive;
    private final Caller caller;
    private final SignalForwarder signals;
    private int devNull = -1;

    /**
     * Installs signal forwarding at once, so that nothing sent while the process starts is lost.
     * For a remote caller (the supervisor's fast path), the launcher relays its signals itself.
     */
    Attachment(boolean tty, boolean interactive, Caller caller) {
        if (caller.remote() && (tty || interactive)) {
            throw new IllegalStateException("the supervisor cannot attach a terminal or standard input");
        }
        this.tty = tty;
        this.interactive = interactive;
        this.caller = caller;
        this.signals = tty || caller.remote() ? null : SignalForwarder.install();
    }

    /** The descriptors for the new process: a terminal, the caller's stdin with {@code -i}, else /dev/null. */
    Stdio stdio() throws LinuxException {
        if (tty) {
            Optional<Terminals.WindowSize> size = TtyRelay.callerWindowSize();
            return Stdio.terminal(size.map(Terminals.WindowSize::rows).orElse(0),
                    size.map(Terminals.WindowSize::columns).orElse(0));
        }
        if (interactive) {
            return Stdio.inherit();
        }
        devNull = Fds.open("/dev/null", Fds.O_RDWR | Fds.O_CLOEXEC);
        return Stdio.of(devNull, caller.stdout(), caller.stderr());
    }

    /** Relays the terminal or forwards signals until the process exits, and reaps it. */
    ExitStatus waitFor(ContainerProcess process) throws InterruptedException {
        closeDevNull();
        ExitStatus status;
        if (process.ttyMaster().isPresent()) {
            try (TtyRelay relay = TtyRelay.start(process.ttyMaster().getAsInt(), interactive)) {
                status = process.waitFor();
            }
        } else {
            if (signals != null) {
                signals.attach(process.pid());
            }
            caller.processStarted().accept(process.pid());
            status = process.waitFor();
        }
        return status;
    }

    private void closeDevNull() {
        if (devNull >= 0) {
            Fds.closeQuietly(devNull);
            devNull = -1;
        }
    }

    /** Stops forwarding signals: the process was reaped and its PID may be reused. */
    @Override
    public void close() {
        closeDevNull();
        if (signals != null) {
            signals.detach();
        }
    }
}
