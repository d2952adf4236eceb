package io.jocker.engine.container;

import io.jocker.spi.ContainerRecord;
import io.jocker.spi.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A container as {@code inspect} shows it: its record, the files jocker keeps for it and its
 * storage driver's description of its layers.
 *
 * @param record the stored container
 * @param directory the container's own directory
 * @param logPath its log file
 * @param graphDriverData the storage driver's key/value description (Docker's {@code GraphDriver.Data})
 */
public record ContainerDetails(ContainerRecord record, Path directory, Path logPath, Map<String, String> graphDriverData) {

    public ContainerDetails {
        graphDriverData = Map.copyOf(graphDriverData);
    }

    public Path resolvConfPath() {
        return directory.resolve(EtcFiles.RESOLV_CONF);
    }

    public Path hostnamePath() {
        return directory.resolve(EtcFiles.HOSTNAME);
    }

    public Path hostsPath() {
        return directory.resolve(EtcFiles.HOSTS);
    }

    /** The mounts the user asked for: without the generated /etc files, which Docker lists apart. */
    public List<Mount> userMounts() {
        List<String> generated = List.of(resolvConfPath().toString(), hostnamePath().toString(), hostsPath().toString());
        return record.hostConfig().mounts().stream().filter(m -> !generated.contains(m.source())).toList();
    }
}
