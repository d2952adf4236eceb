package io.jocker.cli;

import io.jocker.cli.format.FormatException;
import io.jocker.cli.template.GoStruct;
import io.jocker.cli.template.Template;
import io.jocker.cli.template.TemplateException;
import io.jocker.engine.container.ContainerSecurity;
import io.jocker.engine.system.CgroupInfo;
import io.jocker.engine.system.DriverInfo;
import io.jocker.engine.system.SystemInfo;
import io.jocker.images.ImageSummary;
import io.jocker.spi.SpiVersion;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jocker info}, shaped like {@code docker info}. */
@Command(name = "info", description = "Display system-wide information")
final class InfoCommand implements Runnable {

    @ParentCommand
    JockerCommand jocker;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format output using a Go template, or 'json'")
    String format;

    @Override
    public void run() {
        Template template = format == null || format.isEmpty() ? null : parse(format.equals("json") ? "{{json .}}" : format);
        SystemInfo info = jocker.engine().system().info();
        PrintWriter out = spec.commandLine().getOut();
        if (template != null) {
            try {
                out.println(template.execute(infoStruct(info)));
            } catch (TemplateException e) {
                throw new FormatException(e);
            }
            out.flush();
            return;
        }
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
        jocker.engine().system().cgroupInfo().ifPresent(cgroup -> {
            out.println(" Cgroup Version: " + (cgroup.version().isEmpty() ? "unknown" : cgroup.version()));
            out.println(" Cgroup Controllers: " + (cgroup.controllers().isEmpty() ? "none" : String.join(" ", cgroup.controllers())));
        });
        out.println(" Isolator: " + info.isolator());
        out.println(" Plugin SPI Version: " + SpiVersion.current());
        out.println(" Plugins:");
        printDrivers(out, info.drivers());
        jocker.engine().networks().driverStatus().forEach((key, value) -> out.println(" " + key + ": " + value));
        printSecurityOptions(out, ContainerSecurity.hostOptions());
        out.println(" Kernel Version: " + info.kernelVersion());
        out.println(" Operating System: " + info.operatingSystem());
        out.println(" OSType: linux");
        out.println(" Architecture: " + info.architecture());
        out.println(" CPUs: " + info.cpus());
        out.println(" Total Memory: " + Units.humanBinary(info.memoryBytes()));
        out.println(" Jocker Root Dir: " + info.rootDir());
        out.flush();
    }

    private static Template parse(String source) {
        try {
            return Template.parse(source);
        } catch (TemplateException e) {
            throw new FormatException(e);
        }
    }

    /** The fields of Docker's {@code system.Info} that jocker has, in Docker's order and with its names. */
    private GoStruct infoStruct(SystemInfo info) {
        Optional<CgroupInfo> cgroup = jocker.engine().system().cgroupInfo();
        long images = ImageCommands.withStore(jocker, store -> store.list()).stream().map(ImageSummary::id).distinct().count();
        return GoStruct.builder("info")
                .field("ID", "")
                .field("Containers", (long) info.containers().total())
                .field("ContainersRunning", (long) info.containers().running())
                .field("ContainersPaused", (long) info.containers().paused())
                .field("ContainersStopped", (long) info.containers().stopped())
                .field("Images", images)
                .field("Driver", info.storageDriver())
                .field("CgroupDriver", info.cgroupDriver())
                .field("CgroupVersion", cgroup.map(CgroupInfo::version).orElse(""))
                .field("KernelVersion", info.kernelVersion())
                .field("OperatingSystem", info.operatingSystem())
                .field("OSType", "linux")
                .field("Architecture", info.architecture())
                .field("NCPU", (long) info.cpus())
                .field("MemTotal", info.memoryBytes())
                .field("DockerRootDir", info.rootDir())
                .field("Name", VersionCommand.hostname())
                .field("ServerVersion", info.version())
                .field("SecurityOptions", ContainerSecurity.hostOptions())
                .field("ClientInfo", GoStruct.builder("*info.clientInfo").field("Version", info.version()).build())
                .build();
    }

    /** As Docker's client prints them: "name=seccomp,profile=builtin" becomes "seccomp" and "Profile: builtin". */
    private static void printSecurityOptions(PrintWriter out, List<String> options) {
        if (options.isEmpty()) {
            return;
        }
        out.println(" Security Options:");
        for (String option : options) {
            for (String pair : option.split(",")) {
                int equals = pair.indexOf('=');
                String key = pair.substring(0, equals);
                String value = pair.substring(equals + 1);
                if (key.equals("name")) {
                    out.println("  " + value);
                } else {
                    out.println("   " + capitalize(key) + ": " + value);
                }
            }
        }
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
