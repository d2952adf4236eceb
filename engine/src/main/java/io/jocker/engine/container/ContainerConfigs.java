package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.images.ExposedPorts;
import io.jocker.spi.ContainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Merges a create request with its image the way Docker does. */
final class ContainerConfigs {

    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ContainerConfigs() {}

    static ContainerConfig of(String id, CreateRequest request, ContainerImage image) {
        List<String> entrypoint;
        List<String> cmd;
        if (request.entrypoint() != null) {
            entrypoint = request.entrypoint().isEmpty() ? List.of() : List.of(request.entrypoint());
            cmd = request.command();
        } else {
            entrypoint = image.entrypoint();
            cmd = request.command().isEmpty() ? image.cmd() : request.command();
        }
        if (entrypoint.isEmpty() && cmd.isEmpty()) {
            throw new InvalidRequestException("No command specified");
        }
        String hostname = request.hostname() != null ? request.hostname()
                : request.hostConfig().utsMode().equals(NamespaceModes.HOST) ? hostHostname() : id.substring(0, 12);
        ContainerConfig config = ContainerConfig.builder()
                .hostname(hostname)
                .user(request.user() != null ? request.user() : image.user())
                .env(mergeEnv(image.env(), request.env()))
                .cmd(cmd)
                .entrypoint(entrypoint)
                .workingDir(request.workingDir() != null ? request.workingDir() : image.workingDir())
                .tty(request.tty())
                .openStdin(request.openStdin())
                .stdinOnce(request.stdinOnce())
                .labels(mergeLabels(image.labels(), request.labels()))
                .stopSignal(stopSignal(request.stopSignal()))
                .stopTimeout(request.stopTimeout())
                .exposedPorts(exposedPorts(request, image))
                .build();
        // The image's fields too: a loaded image is as untrusted as a command line.
        CStringFields.check("host name", config.hostname());
        CStringFields.check("user", config.user());
        CStringFields.check("environment variable", config.env());
        CStringFields.check("command argument", config.cmd());
        CStringFields.check("entrypoint argument", config.entrypoint());
        CStringFields.check("working directory", config.workingDir());
        return config;
    }

    /** The host's name, which a container sharing its UTS namespace has. */
    private static String hostHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the host's name: " + e.getMessage(), e);
        }
    }

    /** The image's labels with the container's own replacing same-named ones, as Docker merges them. */
    static Map<String, String> mergeLabels(Map<String, String> image, Map<String, String> container) {
        Map<String, String> merged = new LinkedHashMap<>(image);
        merged.putAll(container);
        return merged;
    }

    /**
     * The image's exposed ports, {@code --expose} and every port {@code -p} publishes, as
     * {@code PORT/PROTOCOL}, once each, as Docker merges them.
     */
    private static List<String> exposedPorts(CreateRequest request, ContainerImage image) {
        Set<String> ports = new TreeSet<>(request.exposedPorts());
        for (String key : image.exposedPorts()) {
            try {
                ports.add(ExposedPorts.key(key));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("the image exposes \"" + key + "\": " + e.getMessage());
            }
        }
        request.hostConfig().portBindings().forEach(p -> ports.add(p.containerPort() + "/" + p.protocol()));
        return List.copyOf(ports);
    }

    /** Docker's daemon checks the stop signal at create and keeps it as given. */
    private static String stopSignal(String given) {
        if (given == null || given.isEmpty()) {
            return "";
        }
        Signals.parse(given);
        return given;
    }

    /** The image's environment with {@code overrides} replacing same-named entries, and PATH always set. */
    static List<String> mergeEnv(List<String> base, List<String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String entry : base) {
            merged.put(key(entry), entry);
        }
        merged.putIfAbsent("PATH", "PATH=" + DEFAULT_PATH);
        for (String entry : overrides) {
            merged.put(key(entry), entry);
        }
        return new ArrayList<>(merged.values());
    }

    static String key(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }
}
