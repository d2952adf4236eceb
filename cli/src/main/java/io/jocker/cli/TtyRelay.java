package io.jocker.cli;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Terminals;
import java.util.Arrays;

/**
 * Connects the caller's terminal to a container's pseudo-terminal master: the caller's terminal
 * goes raw, bytes flow both ways, and window-size changes follow SIGWINCH.
 */
final class TtyRelay implements AutoCloseable {

    private final int master;
    private final CallerTerminal.RawMode rawMode;
    private final Thread output;

    private TtyRelay(int master, CallerTerminal.RawMode rawMode, Thread output) {
        this.master = master;
        this.rawMode = rawMode;
        this.output = output;
    }

    /** Starts relaying; {@code forwardInput} is {@code -i}. */
    static TtyRelay start(int master, boolean forwardInput) {
        CallerTerminal.RawMode rawMode = CallerTerminal.makeRaw(0);
        if (CallerTerminal.isTerminal(0)) {
            CallerTerminal.windowSize(0).ifPresent(size -> setWindowSize(master, size));
            CallerTerminal.onResize(0, size -> setWindowSize(master, size));
        }
        Thread output = pump("tty-output", master, 1);
        if (forwardInput) {
            pump("tty-input", 0, master);
        }
        return new TtyRelay(master, rawMode, output);
    }

    /** The size of the caller's terminal, when its stdin is one. */
    static java.util.Optional<Terminals.WindowSize> callerWindowSize() {
        return CallerTerminal.windowSize(0);
    }

    private static void setWindowSize(int master, Terminals.WindowSize size) {
        try {
            Terminals.setWindowSize(master, size);
        } catch (LinuxException e) {
            // The container's terminal is gone; there is nothing left to resize.
        }
    }

    private static Thread pump(String name, int from, int to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = Fds.read(from, buffer, buffer.length)) > 0) {
                    Fds.writeFully(to, Arrays.copyOf(buffer, n));
                }
            } catch (LinuxException e) {
                // EIO on the master means the container closed its terminal: the end of output.
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits for the container's remaining output, then restores the caller's terminal. */
    @Override
    public void close() throws InterruptedException {
        output.join(2000);
        rawMode.close();
        Fds.closeQuietly(master);
    }
}
