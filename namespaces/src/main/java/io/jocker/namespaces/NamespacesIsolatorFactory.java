package io.jocker.namespaces;

import io.jocker.spi.DriverContext;
import io.jocker.spi.Host;
import io.jocker.spi.Isolator;
import io.jocker.spi.IsolatorFactory;
import io.jocker.spi.Support;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code namespaces} isolator: needs root and the pid, mnt, uts, ipc, net and cgroup namespaces. */
public final class NamespacesIsolatorFactory implements IsolatorFactory {

    private static final List<String> NAMESPACES = List.of("pid", "mnt", "uts", "ipc", "net", "cgroup");

    @Override
    public String name() {
        return NamespaceIsolator.NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Support isSupported(Host host) {
        Path self = host.proc().resolve("self");
        try {
            if (!isRoot(self.resolve("status"))) {
                return Support.no("the namespaces isolator needs root: run jocker as root (for example with sudo)");
            }
        } catch (IOException e) {
            return Support.no("cannot read " + self.resolve("status") + ": " + e.getMessage() + " (is /proc mounted?)");
        }
        for (String namespace : NAMESPACES) {
            if (!Files.exists(self.resolve("ns").resolve(namespace))) {
                return Support.no("this kernel has no " + namespace + " namespaces (" + self.resolve("ns").resolve(namespace)
                        + " is missing)");
            }
        }
        return Support.yes();
    }

    /** The effective uid, the second number of the {@code Uid:} line. */
    private static boolean isRoot(Path status) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                return ids.length > 1 && ids[1].equals("0");
            }
        }
        throw new IOException("no Uid line");
    }

    @Override
    public Isolator create(DriverContext context) {
        return new NamespaceIsolator();
    }
}
