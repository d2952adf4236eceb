package io.jocker.supervisor;

import io.jocker.linux.ProcStat;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.HostConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Container records for the supervisor's tests: the one place that builds the SPI's records. */
final class Containers {

    static final String ID = "a".repeat(64);

    private Containers() {}

    /** How the container's streams are set up: Docker's {@code -t}, {@code -i} and StdinOnce. */
    record Streams(boolean tty, boolean openStdin, boolean stdinOnce) {
        static final Streams NONE = new Streams(false, false, false);
    }

    static ContainerRecord created(Streams streams) {
        return record(streams, ContainerState.created(), 0);
    }

    static ContainerRecord exited(Streams streams) {
        return record(streams, ContainerState.created().exited(0, false, Instant.EPOCH, ""), 0);
    }

    /** Says running, with this very JVM as its PID 1: alive for as long as the test runs. */
    static ContainerRecord running(Streams streams) throws IOException {
        long self = ProcessHandle.current().pid();
        long startTime = ProcStat.startTime(self).orElseThrow();
        return record(streams, ContainerState.created().running(self, startTime, Instant.EPOCH), 0);
    }

    static ContainerRecord restarting(int restartCount) {
        return record(Streams.NONE, ContainerState.created().withStatus(ContainerState.Status.RESTARTING), restartCount);
    }

    private static ContainerRecord record(Streams streams, ContainerState state, int restartCount) {
        ContainerConfig config = ContainerConfig.builder().hostname("host").cmd(List.of("sh")).tty(streams.tty())
                .openStdin(streams.openStdin()).stdinOnce(streams.stdinOnce()).build();
        return ContainerRecord.builder().id(ID).name("box").created(Instant.EPOCH).image("busybox")
                .imageId("sha256:" + "b".repeat(64)).config(config).hostConfig(HostConfig.builder().build()).state(state)
                .storageDriver("overlay").cgroupDriver("cgroupfs").restartCount(restartCount).build();
    }
}
