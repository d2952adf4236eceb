package io.jocker.cli;

import io.jocker.engine.system.CgroupInfoService;
import io.jocker.engine.system.DriverInfo;
import io.jocker.engine.system.SystemInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker info}, shaped like {@code docker info}. */
@Command(name = "info", description = "Display system-wide information")
final class InfoCommand implements Runnable {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        SystemInfo info = jocker.engine().system().info();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Client:");
        out.println(" Version: " + info.version());
        out.println();
        out.println("Server:");
        out.println(" Containers: " + info.containers().total());
        out.println("  Running: " + info.containers().running());
        out.println("  Paused: " + info.containers().paused());
        out.println("  Stopped: " + info.containers().stopped());
        out.println(" Storage Driver: " + info.storageDriver());
        out.println(" Cgroup Driver: " + info.cgroupDriver());
        jocker.engine().service(CgroupInfoService.class).info().ifPresent(cgroup -> {
            out.println(" Cgroup Version: " + (cgroup.version().isEmpty() ? "unknown" : cgroup.version()));
            out.println(" Cgroup Controllers: " + (cgroup.controllers().isEmpty() ? "none" : String.join(" ", cgroup.controllers())));
        });
        out.println(" Isolator: " + info.isolator());
        out.println(" Plugins:");
        printDrivers(out, info.drivers());
        out.println(" Kernel Version: " + info.kernelVersion());
        out.println(" Operating System: " + info.operatingSystem());
        out.println(" OSType: linux");
        out.println(" Architecture: " + info.architecture());
        out.println(" CPUs: " + info.cpus());
        out.println(" Total Memory: " + Units.humanBinary(info.memoryBytes()));
        out.println(" Jocker Root Dir: " + info.rootDir());
        out.flush();
    }

    private static void printDrivers(PrintWriter out, List<DriverInfo> drivers) {
        String kind = null;
        for (DriverInfo d : drivers) {
            if (!d.kind().equals(kind)) {
                kind = d.kind();
                out.println("  " + capitalize(kind) + ":");
            }
            String status = d.supported() ? "supported" : "unsupported: " + d.reason();
            out.printf("   %s%s (%s) [%s]%n", d.name(), d.selected() ? " *" : "", d.directory(), status);
        }
    }

    private static String capitalize(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
