package io.jocker.cli;

import io.jocker.engine.EngineConfig;
import io.jocker.engine.supervisor.SupervisorClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The client of the supervisor for the root and drivers given on the command line. */
final class Supervisors {

    private Supervisors() {}

    static SupervisorClient client(JockerCommand jocker) {
        Path root = (jocker.root == null ? EngineConfig.DEFAULT_ROOT : jocker.root).toAbsolutePath();
        List<String> command = new ArrayList<>(launcher());
        command.addAll(List.of("--root", root.toString(), "--storage-driver", jocker.storageDriver,
                "--cgroup-driver", jocker.cgroupDriver, SupervisorCommand.NAME));
        return new SupervisorClient(root, command);
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
