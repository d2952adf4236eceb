package io.jocker.spi;

import java.util.List;
import java.util.Objects;

/**
 * A network a container joins when it starts, with what it asked for there.
 *
 * @param network the network's name or id
 * @param ipv4Address {@code --ip}, null for any free address
 * @param aliases {@code --network-alias}
 * @param macAddress {@code --mac-address}, null for one derived from the address
 */
public record NetworkAttachment(String network, String ipv4Address, List<String> aliases, String macAddress) {

    public NetworkAttachment {
        Objects.requireNonNull(network, "network");
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
