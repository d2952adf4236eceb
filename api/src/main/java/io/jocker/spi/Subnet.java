package io.jocker.spi;

/**
 * An IPv4 subnet in CIDR form. The address is its network address: {@code 10.1.2.3/16} is
 * refused rather than silently read as {@code 10.1.0.0/16}, as Docker refuses it.
 *
 * @param network the network address (host bits all zero)
 * @param prefix the prefix length, 0 to 32
 */
public record Subnet(Ipv4 network, int prefix) {

    public Subnet {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("invalid prefix length /" + prefix);
        }
        if ((network.bits() & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("invalid subnet " + network + "/" + prefix + ": it has host bits set (the network is "
                    + new Ipv4(network.bits() & mask(prefix)) + "/" + prefix + ")");
        }
    }

    /** Parses {@code A.B.C.D/N}. */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
        String length = cidr.substring(slash + 1);
        if (length.isEmpty() || length.length() > 2 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
        Ipv4 address;
        try {
            address = Ipv4.parse(cidr.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr, e);
        }
        int prefix = Integer.parseInt(length);
        if (prefix > 32) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
        return new Subnet(address, prefix);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** The number of addresses in the subnet, network and broadcast included. */
    public long size() {
        return 1L << (32 - prefix);
    }

    /** The broadcast address (the last one). */
    public Ipv4 broadcast() {
        return network.plus(size() - 1);
    }

    public boolean contains(Ipv4 address) {
        return (address.bits() & mask(prefix)) == network.bits();
    }

    /** Whether this subnet and {@code other} share any address. */
    public boolean overlaps(Subnet other) {
        int shorter = Math.min(prefix, other.prefix);
        return (network.bits() & mask(shorter)) == (other.network.bits() & mask(shorter));
    }

    /** Whether every address of {@code other} is in this subnet. */
    public boolean encloses(Subnet other) {
        return other.prefix >= prefix && contains(other.network);
    }

    @Override
    public String toString() {
        return network + "/" + prefix;
    }
}
