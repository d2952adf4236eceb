package io.jocker.cli;

import io.jocker.linux.LinuxException;
import io.jocker.linux.Terminals;
import java.util.Optional;
import java.util.function.Consumer;
import sun.misc.Signal;

/** The caller's terminal: whether an fd is one, its size, raw mode and SIGWINCH. */
final class CallerTerminal {

    /** Docker's refusal of {@code -it} (and of attaching to a terminal) when stdin is no terminal. */
    static final String NOT_A_TTY = "the input device is not a TTY";

    private CallerTerminal() {}

    static boolean isTerminal(int fd) {
        try {
            Terminals.attributes(fd);
            return true;
        } catch (LinuxException e) {
            return false;
        }
    }

    /** The size of the terminal on {@code fd}, when it is one. */
    static Optional<Terminals.WindowSize> windowSize(int fd) {
        try {
            return Optional.of(Terminals.windowSize(fd));
        } catch (LinuxException e) {
            return Optional.empty();
        }
    }

    /** Calls {@code action} with the new size of the terminal on {@code fd} whenever it changes. */
    static void onResize(int fd, Consumer<Terminals.WindowSize> action) {
        Signal.handle(new Signal("WINCH"), signal -> windowSize(fd).ifPresent(action));
    }

    /** Puts the terminal on {@code fd} into raw mode; nothing happens when it is no terminal. */
    static RawMode makeRaw(int fd) {
        try {
            return new RawMode(fd, Optional.of(Terminals.makeRaw(fd)));
        } catch (LinuxException e) {
            return new RawMode(fd, Optional.empty());
        }
    }

    /** No change to any terminal, for a caller that needs none. */
    static RawMode unchanged() {
        return new RawMode(-1, Optional.empty());
    }

    /** A terminal in raw mode; closing restores its settings (once). */
    static final class RawMode implements AutoCloseable {

        private final int fd;
        private Optional<byte[]> saved;

        private RawMode(int fd, Optional<byte[]> saved) {
            this.fd = fd;
            this.saved = saved;
        }

        @Override
        public synchronized void close() {
            saved.ifPresent(attributes -> {
                try {
                    Terminals.restore(fd, attributes);
                } catch (LinuxException e) {
                    // Nothing more to restore on a terminal that is gone.
                }
            });
            saved = Optional.empty();
        }
    }
}
