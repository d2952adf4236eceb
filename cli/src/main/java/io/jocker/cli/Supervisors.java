package io.jocker.cli;

import io.jocker.engine.supervisor.DetachedStarter;
import io.jocker.engine.supervisor.SupervisorClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The client of the supervisor for the root and drivers given on the command line. */
final class Supervisors {

    /** How long an idle supervisor stays, in milliseconds. */
    static final String IDLE_ENV = "JOCKER_SUPERVISOR_IDLE_MILLIS";
    static final long DEFAULT_IDLE_MILLIS = 120_000;
    /** A supervisor that would stay less than this is not worth starting for a command that did not need one. */
    private static final long WARM_START_MIN_MILLIS = 10_000;

    private Supervisors() {}

    /**
     * After a command that the supervisor could have run, in this JVM because none ran: starts
     * one in the background, so that the next such command finds it warm (the launcher's fast
     * path), unless it would not stay long enough to be worth it.
     */
    static void keepWarm(JockerCommand jocker) {
        if (idleMillis() >= WARM_START_MIN_MILLIS) {
            client(jocker).startInBackground();
        }
    }

    private static long idleMillis() {
        try {
            return Long.parseLong(System.getenv().getOrDefault(IDLE_ENV, Long.toString(DEFAULT_IDLE_MILLIS)));
        } catch (NumberFormatException e) {
            return DEFAULT_IDLE_MILLIS;
        }
    }

    /** Starts detached containers: the supervisor itself when it serves this command, else through its socket. */
    static DetachedStarter starter(JockerCommand jocker) {
        DetachedStarter served = jocker.caller().supervisor();
        return served != null ? served : client(jocker)::start;
    }

    /** A supervisor started by this client has its engine options (and its environment, for the plugin path). */
    static SupervisorClient client(JockerCommand jocker) {
        EngineOptions options = jocker.engineOptions();
        List<String> command = new ArrayList<>(launcher());
        command.addAll(List.of("--root", options.root().toString(), "--storage-driver", options.storageDriver(),
                "--cgroup-driver", options.cgroupDriver(), SupervisorCommand.NAME));
        return new SupervisorClient(options.root(), command);
    }

    /**
     * The distribution's launcher (it chooses Java, flags and the class-data archive); without a
     * distribution (tests, embedding), this JVM's own java, flags and class path.
     */
    private static List<String> launcher() {
        String home = System.getProperty("jocker.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "jocker"))) {
            return List.of(Path.of(home, "bin", "jocker").toString());
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        return command;
    }
}
