package io.jocker.spi;

/**
 * An IPv4 address, as its 32 bits. Parsing accepts only the dotted-quad form with four decimal
 * parts of 0 to 255 and no leading zeros, so that no spelling is read two ways.
 */
public record Ipv4(int bits) implements Comparable<Ipv4> {

    /** {@code 0.0.0.0}: every address of the host. */
    public static final Ipv4 ANY = new Ipv4(0);

    /** Parses a dotted quad such as {@code 172.17.0.2}. */
    public static Ipv4 parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("invalid IPv4 address: \"" + text + "\"");
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || part.length() > 1 && part.charAt(0) == '0') {
                throw new IllegalArgumentException("invalid IPv4 address: \"" + text + "\"");
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                throw new IllegalArgumentException("invalid IPv4 address: \"" + text + "\"");
            }
            bits = bits << 8 | value;
        }
        return new Ipv4(bits);
    }

    /** The address {@code n} after this one (wrapping is the caller's concern). */
    public Ipv4 plus(long n) {
        return new Ipv4((int) (Integer.toUnsignedLong(bits) + n));
    }

    /** This address as an unsigned number. */
    public long unsigned() {
        return Integer.toUnsignedLong(bits);
    }

    /** Whether this is a loopback address (127.0.0.0/8). */
    public boolean isLoopback() {
        return (bits >>> 24) == 127;
    }

    @Override
    public int compareTo(Ipv4 other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
    }
}
