package io.jocker.images;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exposed ports as an image configuration holds them ({@code "ExposedPorts": {"80/tcp": {}}}):
 * written by {@code EXPOSE} and read back from any image, whose keys are as untrusted as the rest
 * of it. jocker publishes TCP and UDP ports only.
 */
public final class ExposedPorts {

    private ExposedPorts() {}

    /** {@code EXPOSE}'s arguments ({@code 80 443/udp 8000-8001}) as keys, {@code 80/tcp}, ranges expanded. */
    static List<String> parse(String arguments) throws InvalidChangeException {
        List<String> keys = new ArrayList<>();
        for (String word : arguments.strip().split("\\s+")) {
            try {
                keys.addAll(expand(word));
            } catch (IllegalArgumentException e) {
                throw new InvalidChangeException("EXPOSE " + word + ": " + e.getMessage());
            }
        }
        return keys;
    }

    /**
     * One {@code PORT[-PORT][/PROTOCOL]} (of {@code EXPOSE} or {@code --expose}) as keys, ranges expanded.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static List<String> expand(String word) {
        int slash = word.lastIndexOf('/');
        String protocol = slash < 0 ? "tcp" : word.substring(slash + 1).toLowerCase(Locale.ROOT);
        String ports = slash < 0 ? word : word.substring(0, slash);
        int dash = ports.indexOf('-');
        int first = port(dash < 0 ? ports : ports.substring(0, dash));
        int last = dash < 0 ? first : port(ports.substring(dash + 1));
        if (last < first) {
            throw new IllegalArgumentException("invalid range of ports: " + ports);
        }
        List<String> keys = new ArrayList<>();
        for (int port = first; port <= last; port++) {
            keys.add(key(port + "/" + protocol));
        }
        return keys;
    }

    /**
     * An image's key as {@code PORT/PROTOCOL}: a bare port is TCP, as in Docker.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static String key(String key) {
        int slash = key.lastIndexOf('/');
        String protocol = slash < 0 ? "tcp" : key.substring(slash + 1);
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new IllegalArgumentException("invalid protocol \"" + protocol + "\" (jocker publishes tcp and udp ports)");
        }
        return port(slash < 0 ? key : key.substring(0, slash)) + "/" + protocol;
    }

    /** The JSON form of {@code keys}, sorted as Docker encodes a Go map. */
    public static Map<String, Object> of(List<String> keys) {
        Map<String, Object> map = new TreeMap<>();
        keys.forEach(k -> map.put(k, Map.of()));
        return Collections.unmodifiableMap(map);
    }

    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid port \"" + text + "\"");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port + " (1 to 65535)");
        }
        return port;
    }
}
