package io.jocker.engine.container;

import io.jocker.spi.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /etc/hostname}, {@code /etc/hosts} and {@code /etc/resolv.conf} a container gets, kept
 * in its directory and bind-mounted over the image's files, as Docker does.
 */
final class EtcFiles {

    static final String HOSTNAME = "hostname";
    static final String HOSTS = "hosts";
    static final String RESOLV_CONF = "resolv.conf";

    private EtcFiles() {}

    static List<Mount> write(Path containerDir, String hostname, Path hostResolvConf) throws IOException {
        Files.createDirectories(containerDir);
        Path hostnameFile = containerDir.resolve(HOSTNAME);
        Files.writeString(hostnameFile, hostname + "\n");
        Path hosts = containerDir.resolve(HOSTS);
        Files.writeString(hosts, """
                127.0.0.1\tlocalhost
                ::1\tlocalhost ip6-localhost ip6-loopback
                fe00::0\tip6-localnet
                ff00::0\tip6-mcastprefix
                ff02::1\tip6-allnodes
                ff02::2\tip6-allrouters
                127.0.1.1\t%s
                """.formatted(hostname));
        Path resolv = containerDir.resolve(RESOLV_CONF);
        Files.writeString(resolv, resolvConf(hostResolvConf));
        return List.of(
                new Mount("bind", resolv.toString(), "/etc/resolv.conf", List.of("rbind", "rprivate")),
                new Mount("bind", hostnameFile.toString(), "/etc/hostname", List.of("rbind", "rprivate")),
                new Mount("bind", hosts.toString(), "/etc/hosts", List.of("rbind", "rprivate")));
    }

    /** The host's resolver configuration without loopback name servers, which the container cannot reach. */
    static String resolvConf(Path hostResolvConf) throws IOException {
        List<String> kept = new ArrayList<>();
        if (Files.isReadable(hostResolvConf)) {
            for (String line : Files.readAllLines(hostResolvConf)) {
                String t = line.trim();
                if (t.startsWith("nameserver") && (t.contains(" 127.") || t.contains(" ::1"))) {
                    continue;
                }
                kept.add(line);
            }
        }
        return kept.isEmpty() ? "" : String.join("\n", kept) + "\n";
    }
}
