package io.jocker.supervisor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.linux.Fds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A served command's thread is interrupted when the reader of its output goes, and only then. */
class ClientWatchTest {

    private Fds.Pair pipe;

    @BeforeEach
    void openPipe() throws Exception {
        pipe = Fds.pipe(Fds.O_CLOEXEC);
    }

    @AfterEach
    void closePipe() {
        Fds.closeQuietly(pipe.first());
        Fds.closeQuietly(pipe.second());
        assertFalse(Thread.interrupted(), "an interrupt was left on the test's thread");
    }

    @Test
    void theCommandIsInterruptedOnceItsClientStopsReading() throws Exception {
        try (ClientWatch watch = ClientWatch.start(pipe.second(), Thread.currentThread())) {
            Fds.closeQuietly(pipe.first());
            assertThrows(InterruptedException.class, () -> Thread.sleep(5_000));
        }
    }

    @Test
    void aClientThatStaysIsNeverInterruptedAndCloseEndsTheWatch() throws Exception {
        try (ClientWatch watch = ClientWatch.start(pipe.second(), Thread.currentThread())) {
            Thread.sleep(350);
            assertFalse(Thread.currentThread().isInterrupted());
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("jocker-client-watch")),
                "the watch's thread is still running");
    }

    @Test
    void anInterruptThatComesAsTheCommandEndsIsCleared() throws Exception {
        ClientWatch watch = ClientWatch.start(pipe.second(), Thread.currentThread());
        Fds.closeQuietly(pipe.first());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(Thread.currentThread().isInterrupted(), "the command was not interrupted");
        watch.close();
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
