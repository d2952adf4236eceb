package io.jocker.spi;

import java.util.List;

/**
 * One mount inside the container, in the shape of the OCI runtime spec.
 *
 * @param type {@code bind} or a file system type such as {@code tmpfs}
 * @param source a host path for {@code bind}, otherwise the device name
 * @param destination an absolute, normalised path inside the container
 * @param options OCI-style options such as {@code ro}, {@code rbind}, {@code size=64m}
 */
public record Mount(String type, String source, String destination, List<String> options) {

    public Mount {
        options = List.copyOf(options);
    }

    public boolean readOnly() {
        return options.contains("ro");
    }
}
