package io.jocker.engine.network;

import io.jocker.spi.Ipv4;
import java.util.Locale;
import java.util.regex.Pattern;

/** Containers' MAC addresses: Docker's {@code 02:42:} followed by the IPv4 address, or one given with {@code --mac-address}. */
final class MacAddresses {

    private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}");

    private MacAddresses() {}

    static String of(Ipv4 address) {
        int bits = address.bits();
        return String.format(Locale.ROOT, "02:42:%02x:%02x:%02x:%02x", bits >>> 24, bits >>> 16 & 0xff, bits >>> 8 & 0xff, bits & 0xff);
    }

    /** A MAC address given by a user: six hex pairs, unicast (a multicast one cannot be an interface's). */
    static String validate(String mac) {
        if (!MAC.matcher(mac).matches()) {
            throw new NetworkConfigException(mac + " is not a valid mac address");
        }
        String normal = mac.replace('-', ':').toLowerCase(Locale.ROOT);
        if ((Integer.parseInt(normal.substring(0, 2), 16) & 1) != 0) {
            throw new NetworkConfigException(mac + " is a multicast address, which no interface can have");
        }
        return normal;
    }
}
