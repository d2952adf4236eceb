package io.jocker.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParsingTest {

    @Test
    void startTimeCountsFieldsAfterTheLastParenthesisOfTheCommandName() throws IOException {
        String stat = "4242 (a) b) (c 3) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 1";
        assertEquals(987654L, ProcStat.parseStartTime(stat));
    }

    @Test
    void malformedStatLineIsReported() {
        assertThrows(IOException.class, () -> ProcStat.parseStartTime("12 (x) S 1 2"));
        assertThrows(IOException.class, () -> ProcStat.parseStartTime("no parenthesis"));
    }

    @Test
    void mountinfoLinesAreParsedWithOptionalFieldsAndEscapes() throws IOException {
        List<MountInfo.Entry> entries = MountInfo.parse(List.of(
                "36 35 98:0 /mnt1 /mnt/with\\040space rw,noatime master:1 shared:2 - ext3 /dev/root rw,errors=continue",
                "37 36 0:5 / /proc rw - proc proc rw"));
        assertEquals(Path.of("/mnt/with space"), entries.get(0).mountPoint());
        assertEquals("ext3", entries.get(0).fsType());
        assertEquals("/dev/root", entries.get(0).source());
        assertEquals(36, entries.get(1).parentId());
        assertEquals("proc", entries.get(1).fsType());
    }

    @Test
    void malformedMountinfoIsReported() {
        assertThrows(IOException.class, () -> MountInfo.parse(List.of("1 2 3")));
    }

    @Test
    void backslashWithoutOctalDigitsStaysLiteral() {
        assertEquals("a\\b\\12", MountInfo.unescape("a\\b\\12"));
        assertEquals("a\tb", MountInfo.unescape("a\\011b"));
    }

    @Test
    void dockersDefaultCapabilitiesGiveItsWellKnownMask() {
        long mask = Capabilities.mask(List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
                "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
                "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"));
        assertEquals(0xa80425fbL, mask);
        assertEquals(21, Capabilities.number("sys_admin"));
        assertThrows(IllegalArgumentException.class, () -> Capabilities.number("CAP_NOPE"));
    }

    @Test
    void makedevMatchesGlibc() {
        assertEquals(0x103L, Mounts.makedev(1, 3));
        assertEquals(0x8801L, Mounts.makedev(136, 1));
        assertEquals((0x1000L << 32) | 0x100000L, Mounts.makedev(0x1000, 0x100));
        long dev = Mounts.makedev(0x12345, 0x6789a);
        assertEquals(0x12345, Mounts.major(dev));
        assertEquals(0x6789a, Mounts.minor(dev));
    }

    @Test
    void cStringsAreUtf8AndRefuseNul() {
        byte[] c = CStrings.of("é");
        assertEquals(3, c.length);
        assertEquals(0, c[2]);
        assertThrows(IllegalArgumentException.class, () -> CStrings.of("a\0b"));
    }
}
