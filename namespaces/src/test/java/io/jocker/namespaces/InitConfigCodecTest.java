package io.jocker.namespaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitConfigCodecTest {

    private static final byte[] FILTER = {0x20, 0, 0, 0, 4, 0, 0, 0, 0x06, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f};

    private static InitConfig sample() {
        return sample(FILTER);
    }

    private static InitConfig sample(byte[] filter) {
        return new InitConfig("/var/lib/jocker/rootfs", "host", List.of("sh", "-c", "echo 'a b' \"ü\" ✓", ""),
                List.of("PATH=/bin", "EMPTY="), "/wörk", 1000, 100, List.of(5, 27),
                List.of(new InitConfig.MountSpec("bind", "/src dir", "/dst", List.of("rbind", "ro")),
                        new InitConfig.MountSpec("tmpfs", "", "/t", List.of())),
                List.of(new InitConfig.CgroupMountSpec("cpu,cpuacct", "cgroup", "cpu,cpuacct", List.of("cpu", "cpuacct")),
                        new InitConfig.CgroupMountSpec("", "cgroup2", "", List.of())),
                false, List.of("CAP_CHOWN"), List.of("/proc/kcore"), List.of("/proc/sys"), true, true, true, filter,
                List.of(new InitConfig.RlimitSpec(7, 10, 20), new InitConfig.RlimitSpec(4, -1, -1)), -500,
                List.of("net.ipv4.ip_forward=0", "kernel.shmmax=1"),
                List.of(new InitConfig.DeviceSpec("/dev/x", 0020000, 10, 237, 0600, 0, 6)), true, false,
                "/run/jocker-runc/c1/exec.fifo", 2);
    }

    @Test
    void roundTripKeepsEveryField() throws IOException {
        InitConfig decoded = InitConfigCodec.decode(InitConfigCodec.encode(sample()));
        assertArrayEquals(FILTER, decoded.seccompFilter());
        // Records compare arrays by identity: the rest compares equal with the decoded filter in place.
        assertEquals(sample(decoded.seccompFilter()), decoded);
    }

    @Test
    void otherVersionIsRefusedWithAHint() {
        byte[] data = InitConfigCodec.encode(sample());
        ByteBuffer.wrap(data).putInt(0, 99);
        IOException e = assertThrows(IOException.class, () -> InitConfigCodec.decode(data));
        assertTrue(e.getMessage().contains("different jocker builds"), e.getMessage());
    }

    @Test
    void truncatedOrPaddedDataIsRefused() {
        byte[] data = InitConfigCodec.encode(sample());
        assertThrows(IOException.class, () -> InitConfigCodec.decode(Arrays.copyOf(data, data.length - 3)));
        assertThrows(IOException.class, () -> InitConfigCodec.decode(Arrays.copyOf(data, data.length + 1)));
    }

    @Test
    void hugeLengthIsRefusedWithoutAllocating() {
        byte[] data = InitConfigCodec.encode(sample());
        ByteBuffer.wrap(data).putInt(4, Integer.MAX_VALUE);
        assertThrows(IOException.class, () -> InitConfigCodec.decode(data));
    }
}
