package io.jocker.spi;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the engine hands a driver when it creates it.
 *
 * @param host the host the driver runs on
 * @param home a directory owned by this driver under the jocker root (for example
 *     {@code /var/lib/jocker/overlay}); the engine creates it, the driver owns its layout
 * @param kernel the privileged kernel operations the driver may use (mounts, whiteouts, xattrs)
 * @param options driver options ({@code --storage-opt}-style key/value pairs), never null
 */
public record DriverContext(Host host, Path home, KernelOps kernel, Map<String, String> options) {

    public DriverContext {
        options = Map.copyOf(options);
    }
}
