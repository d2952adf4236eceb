package io.jocker.cli;

import io.jocker.spi.ContainerRecord;
import io.jocker.supervisor.AttachConnection;
import io.jocker.supervisor.AttachException;
import io.jocker.supervisor.SupervisorProtocol.AttachRequest;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * What {@code attach} and {@code start -a} share: the connection to the supervisor that holds the
 * container's streams, Docker's signal proxy for a container without a terminal, and the relay.
 * It runs in the caller's JVM, which has the caller's terminal.
 */
final class ContainerAttach {

    /**
     * @param stdin the caller's stdin goes to the container (it was created with {@code -i})
     * @param start start the container first unless it runs
     * @param sigProxy pass the caller's signals on to the container's PID 1 (never with a terminal,
     *     whose keys reach the container as bytes)
     * @param redraw have the container's shell redraw its prompt (for a container that already runs)
     */
    record Options(boolean stdin, boolean start, boolean sigProxy, DetachKeys keys, boolean redraw) {}

    private ContainerAttach() {}

    /**
     * Attaches to {@code record}'s container until it exits (its status is returned) or the user
     * detaches ({@code null} is returned). Failures of the supervisor's are an {@link AttachException}.
     */
    static Integer attach(JockerCommand jocker, ContainerRecord record, Options options) throws IOException {
        boolean tty = record.config().tty();
        SignalForwarder signals = options.sigProxy() && !tty ? SignalForwarder.install() : null;
        try (AttachConnection connection = Supervisors.client(jocker)
                .attach(new AttachRequest(record.id(), options.stdin(), options.start()))) {
            if (signals != null) {
                // Started just now, the container has a new PID.
                jocker.engine().containers().byId(record.id())
                        .ifPresent(running -> signals.attach(running.state().pid()));
            }
            AttachRelay.Outcome outcome = AttachRelay.relay(connection, tty, options.stdin(), options.keys(),
                    options.redraw(), jocker.rawOut(), jocker.rawErr());
            return outcome.detached() ? null : outcome.exitCode();
        } finally {
            if (signals != null) {
                signals.detach();
            }
        }
    }

    /**
     * Prints a refusal or failed start as every error is printed ({@link Failures}), and returns
     * Docker's status for them: 1, also for a start that failed (only {@code run} reports 125 to 127).
     */
    static int report(PrintWriter err, AttachException e) {
        Failures.print(err, e.getMessage());
        return 1;
    }
}
