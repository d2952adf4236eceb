package io.jocker.engine.container;

import io.jocker.linux.ProcStat;
import java.io.IOException;
import java.util.OptionalLong;

/** Whether a recorded PID still is the process jocker started (PIDs are reused). */
final class ProcessLiveness {

    private ProcessLiveness() {}

    static boolean isAlive(long pid, long startTime) {
        if (pid <= 0) {
            return false;
        }
        try {
            OptionalLong actual = ProcStat.startTime(pid);
            return actual.isPresent() && actual.getAsLong() == startTime;
        } catch (IOException e) {
            return false;
        }
    }
}
