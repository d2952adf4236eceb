package io.jocker.cli;

import io.jocker.linux.Fds;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Terminals;
import java.util.Optional;
import sun.misc.Signal;

/**
 * Connects the caller's terminal to a container's pseudo-terminal master: the caller's terminal
 * goes raw, bytes flow both ways, and window-size changes follow SIGWINCH.
 */
final class TtyRelay implements AutoCloseable {

    private final int master;
    private final Optional<byte[]> savedAttributes;
    private final Thread output;

    private TtyRelay(int master, Optional<byte[]> savedAttributes, Thread output) {
        this.master = master;
        this.savedAttributes = savedAttributes;
        this.output = output;
    }

    /** Starts relaying; {@code forwardInput} is {@code -i}. */
    static TtyRelay start(int master, boolean forwardInput) {
        Optional<byte[]> saved = Optional.empty();
        if (isTerminal(0)) {
            followWindowSize(master);
            try {
                saved = Optional.of(Terminals.makeRaw(0));
            } catch (LinuxException e) {
                saved = Optional.empty();
            }
        }
        Thread output = pump("tty-output", master, 1);
        if (forwardInput) {
            pump("tty-input", 0, master);
        }
        return new TtyRelay(master, saved, output);
    }

    /** The size of the caller's terminal, when its stdin is one. */
    static Optional<Terminals.WindowSize> callerWindowSize() {
        try {
            return Optional.of(Terminals.windowSize(0));
        } catch (LinuxException e) {
            return Optional.empty();
        }
    }

    private static boolean isTerminal(int fd) {
        try {
            Terminals.attributes(fd);
            return true;
        } catch (LinuxException e) {
            return false;
        }
    }

    private static void followWindowSize(int master) {
        copyWindowSize(master);
        Signal.handle(new Signal("WINCH"), signal -> copyWindowSize(master));
    }

    private static void copyWindowSize(int master) {
        try {
            Terminals.setWindowSize(master, Terminals.windowSize(0));
        } catch (LinuxException e) {
            // The caller's terminal went away; the container keeps its last size.
        }
    }

    private static Thread pump(String name, int from, int to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = Fds.read(from, buffer, buffer.length)) > 0) {
                    Fds.writeFully(to, java.util.Arrays.copyOf(buffer, n));
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
        savedAttributes.ifPresent(attributes -> {
            try {
                Terminals.restore(0, attributes);
            } catch (LinuxException e) {
                // Nothing more to restore on a terminal that is gone.
            }
        });
        Fds.closeQuietly(master);
    }
}
