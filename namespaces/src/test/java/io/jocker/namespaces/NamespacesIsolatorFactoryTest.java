package io.jocker.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.spi.Host;
import io.jocker.spi.IsolatorFactory;
import io.jocker.spi.Plugin;
import io.jocker.spi.Support;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespacesIsolatorFactoryTest {

    @TempDir Path root;

    private final NamespacesIsolatorFactory factory = new NamespacesIsolatorFactory();

    private Host fakeHost(String uidLine, List<String> namespaces) throws IOException {
        Path self = Files.createDirectories(root.resolve("proc/self/ns"));
        Files.writeString(self.getParent().resolve("status"), "Name:\tjava\n" + uidLine + "\nGid:\t0\t0\t0\t0\n");
        for (String ns : namespaces) {
            Files.writeString(self.resolve(ns), "");
        }
        return new Host(root, "6.18", 2);
    }

    @Test
    void rootWithEveryNamespaceIsSupported() throws IOException {
        Host host = fakeHost("Uid:\t0\t0\t0\t0", List.of("pid", "mnt", "uts", "ipc", "net", "cgroup"));
        assertEquals(Support.yes(), factory.isSupported(host));
    }

    @Test
    void nonRootIsToldToUseRoot() throws IOException {
        Support support = factory.isSupported(fakeHost("Uid:\t1000\t1000\t1000\t1000",
                List.of("pid", "mnt", "uts", "ipc", "net", "cgroup")));
        assertFalse(support.supported());
        assertTrue(support.reason().contains("needs root"), support.reason());
    }

    @Test
    void missingNamespaceIsNamed() throws IOException {
        Support support = factory.isSupported(fakeHost("Uid:\t0\t0\t0\t0", List.of("pid", "mnt", "uts", "ipc", "net")));
        assertFalse(support.supported());
        assertTrue(support.reason().contains("no cgroup namespaces"), support.reason());
    }

    @Test
    void unreadableProcIsAReasonNotAnException() {
        Support support = factory.isSupported(new Host(root.resolve("absent"), "6.18", 2));
        assertFalse(support.supported());
        assertTrue(support.reason().contains("is /proc mounted?"), support.reason());
    }

    @Test
    void thisHostIsSupportedWhenRunAsRoot() {
        Support support = factory.isSupported(Host.current());
        assertEquals("root".equals(System.getProperty("user.name")), support.supported(), support.reason());
    }

    @Test
    void pluginIsFoundByServiceLoader() {
        List<String> names = ServiceLoader.load(Plugin.class).stream()
                .flatMap(p -> p.get().isolators().stream())
                .map(IsolatorFactory::name)
                .toList();
        assertEquals(List.of("namespaces"), names);
    }
}
