package io.jocker.cli;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.images.ExposedPorts;
import io.jocker.spi.Ipv4;
import io.jocker.spi.PortBinding;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's port flags: {@code -p [HOSTIP:][HOSTPORT:]CONTAINERPORT[/PROTOCOL]} with ranges
 * ({@code 8000-8001:80-81}; a host range for one container port takes the first free one is not
 * supported: the ranges must be as long), and {@code --expose PORT[-PORT][/PROTOCOL]}.
 */
final class PortSpecs {

    private PortSpecs() {}

    static List<PortBinding> publish(String spec) {
        String rest = spec;
        String protocol = "tcp";
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            protocol = protocol(rest.substring(slash + 1), spec);
            rest = rest.substring(0, slash);
        }
        String[] parts = rest.split(":", -1);
        String hostIp = "";
        String hostPorts = "";
        String containerPorts;
        switch (parts.length) {
            case 1 -> containerPorts = parts[0];
            case 2 -> {
                hostPorts = parts[0];
                containerPorts = parts[1];
            }
            case 3 -> {
                hostIp = parts[0];
                hostPorts = parts[1];
                containerPorts = parts[2];
            }
            default -> throw new InvalidRequestException("invalid port format: \"" + spec + "\" (IPv6 host addresses are not supported)");
        }
        if (!hostIp.isEmpty()) {
            try {
                Ipv4.parse(hostIp);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("invalid IP address: " + hostIp);
            }
        }
        int[] container = range(containerPorts, "containerPort", spec);
        int[] host = hostPorts.isEmpty() ? null : range(hostPorts, "hostPort", spec);
        if (host != null && host[1] - host[0] != container[1] - container[0]) {
            throw new InvalidRequestException("invalid ranges specified for container and host Ports: " + containerPorts + " and " + hostPorts);
        }
        List<PortBinding> bindings = new ArrayList<>();
        for (int i = 0; i <= container[1] - container[0]; i++) {
            bindings.add(new PortBinding(protocol, container[0] + i, hostIp, host == null ? 0 : host[0] + i));
        }
        return bindings;
    }

    static List<String> expose(String spec) {
        try {
            return ExposedPorts.expand(spec);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid --expose \"" + spec + "\": " + e.getMessage());
        }
    }

    private static String protocol(String text, String spec) {
        if (!text.equals("tcp") && !text.equals("udp")) {
            throw new InvalidRequestException("invalid proto: " + text + " in \"" + spec + "\" (tcp or udp)");
        }
        return text;
    }

    private static int[] range(String text, String what, String spec) {
        int dash = text.indexOf('-');
        int first = port(dash < 0 ? text : text.substring(0, dash), what, spec);
        int last = dash < 0 ? first : port(text.substring(dash + 1), what, spec);
        if (last < first) {
            throw new InvalidRequestException("invalid range specified for " + what + ": " + text);
        }
        return new int[] {first, last};
    }

    private static int port(String text, String what, String spec) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            throw new InvalidRequestException("invalid " + what + ": " + text + " in \"" + spec + "\"");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new InvalidRequestException("invalid " + what + ": " + text + " in \"" + spec + "\" (1 to 65535)");
        }
        return port;
    }
}
