package io.jocker.engine.network;

import io.jocker.spi.Ipv4;
import io.jocker.spi.Subnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The subnets the host routes, from {@code /proc/net/route} (this network namespace's main
 * table, connected subnets of its addresses included), so that a default network never takes
 * one of them. The default route is left out: it overlaps everything.
 */
final class HostRoutes {

    private HostRoutes() {}

    static List<Subnet> read(Path proc) {
        List<String> lines;
        try {
            lines = Files.readAllLines(proc.resolve("net/route"));
        } catch (IOException e) {
            return List.of();
        }
        List<Subnet> routes = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 8) {
                continue;
            }
            try {
                int destination = Integer.reverseBytes((int) Long.parseLong(fields[1], 16));
                int mask = Integer.reverseBytes((int) Long.parseLong(fields[7], 16));
                int prefix = Integer.bitCount(mask);
                if (prefix > 0) {
                    routes.add(new Subnet(new Ipv4(destination & mask), prefix));
                }
            } catch (IllegalArgumentException e) {
                // a line this parser does not understand names no subnet
            }
        }
        return routes;
    }
}
