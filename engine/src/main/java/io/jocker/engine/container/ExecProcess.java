package io.jocker.engine.container;

import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ExitStatus;
import java.util.OptionalInt;
import java.util.function.Consumer;

/** An exec'd process that reports its exit to {@code onExit} once reaped, for the {@code exec_die} event. */
record ExecProcess(ContainerProcess process, Consumer<ExitStatus> onExit) implements ContainerProcess {

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public long startTime() {
        return process.startTime();
    }

    @Override
    public OptionalInt ttyMaster() {
        return process.ttyMaster();
    }

    @Override
    public ExitStatus waitFor() throws InterruptedException {
        ExitStatus status = process.waitFor();
        onExit.accept(status);
        return status;
    }
}
