package io.jocker.cli;

import io.jocker.engine.network.EndpointRecord;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.PortBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's ports as Docker shows them: the host ports its endpoints hold while it runs
 * (the ones {@code -P} or {@code -p PORT} chose included), and its exposed ports that are not
 * published.
 */
final class PublishedPorts {

    private PublishedPorts() {}

    /** Every exposed or published port, {@code 80/tcp}, with its host bindings (none for an unpublished one). */
    static Map<String, List<PortBinding>> of(ContainerRecord record, List<EndpointRecord> endpoints) {
        Map<String, List<PortBinding>> ports = new LinkedHashMap<>();
        record.config().exposedPorts().forEach(p -> ports.put(p, new ArrayList<>()));
        for (EndpointRecord endpoint : endpoints) {
            for (PortBinding binding : endpoint.ports()) {
                ports.computeIfAbsent(binding.containerPort() + "/" + binding.protocol(), k -> new ArrayList<>()).add(binding);
            }
        }
        return ports;
    }

    /** {@code ps}'s PORTS column: {@code 0.0.0.0:8080->80/tcp, 443/tcp}. */
    static String column(ContainerRecord record, List<EndpointRecord> endpoints) {
        List<String> parts = new ArrayList<>();
        of(record, endpoints).forEach((port, bindings) -> {
            if (bindings.isEmpty()) {
                parts.add(port);
            }
            for (PortBinding b : bindings) {
                parts.add(b.hostIp() + ":" + b.hostPort() + "->" + port);
            }
        });
        return String.join(", ", parts);
    }
}
