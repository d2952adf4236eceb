package io.jocker.cli;

import io.jocker.cli.format.FormatException;
import io.jocker.cli.template.Functions;
import io.jocker.cli.template.GoStruct;
import io.jocker.cli.template.Template;
import io.jocker.cli.template.TemplateException;
import io.jocker.engine.base.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jocker version} (without a format normally answered before picocli loads). */
@Command(name = "version", description = "Show the jocker version information")
final class VersionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format output using a Go template, or 'json'")
    String format;

    @Override
    public void run() {
        if (format == null || format.isEmpty()) {
            spec.commandLine().getOut().println(Main.versionLine());
            return;
        }
        try {
            Template template = Template.parse("version", format.equals("json") ? "{{json .}}" : format, Functions.docker());
            spec.commandLine().getOut().println(template.execute(versionStruct()));
        } catch (TemplateException e) {
            throw new FormatException(e);
        }
        spec.commandLine().getOut().flush();
    }

    /**
     * Docker's {@code version} data: jocker is both the client and, having no daemon, the server.
     * GoVersion names the Java runtime, which is what runs jocker.
     */
    private static GoStruct versionStruct() {
        String version = Version.get();
        String runtime = "java " + System.getProperty("java.runtime.version");
        String arch = goArch(System.getProperty("os.arch"));
        GoStruct platform = GoStruct.builder("*platformInfo").field("Name", "jocker").build();
        GoStruct client = GoStruct.builder("*clientVersion").field("Platform", platform).field("Version", version)
                .field("ApiVersion", "").field("GitCommit", "").field("GoVersion", runtime).field("Os", "linux")
                .field("Arch", arch).fieldOmitEmpty("BuildTime", "").field("Context", "default").build();
        GoStruct server = GoStruct.builder("*types.Version").field("Platform", platform).field("Components", List.of())
                .field("Version", version).field("ApiVersion", "").field("MinAPIVersion", "").field("GitCommit", "")
                .field("GoVersion", runtime).field("Os", "linux").field("Arch", arch)
                .fieldOmitEmpty("KernelVersion", System.getProperty("os.version")).fieldOmitEmpty("BuildTime", "").build();
        return GoStruct.builder("command.versionInfo").field("Client", client).field("Server", server).build();
    }

    /** Go's names for the JVM's architectures. */
    private static String goArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> javaArch;
        };
    }

    static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
