package io.jocker.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BpfCompilerTest {

    private static final int X86_64 = 0xC000003E;
    private static final int I386 = 0x40000003;
    private static final int AARCH64 = 0xC00000B7;
    private static final int X32 = 0x40000000;
    private static final int ALLOW = 0x7FFF0000;
    private static final int EPERM = 0x00050001;
    private static final int ENOSYS = 0x00050026;
    private static final int CLONE_NEWUSER = 0x10000000;
    private static final int SIGCHLD = 17;

    /** Docker's default capability set. */
    static final Set<String> DOCKER_CAPS = Set.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
            "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static byte[] defaultFilter(Set<String> caps) throws Exception {
        return SeccompFilters.compile(SeccompFilters.parse(SeccompFilters.defaultProfileJson(), MAPPER), caps, "6.18.44-fc");
    }

    private static int decide(byte[] program, int arch, int nr, long... args) {
        return BpfInterpreter.run(program, BpfInterpreter.data(arch, nr, args));
    }

    @Test
    void defaultProfileAllowsOrdinaryCallsOnEveryAbi() throws Exception {
        byte[] filter = defaultFilter(DOCKER_CAPS);
        assertEquals(ALLOW, decide(filter, X86_64, 0)); // read
        assertEquals(ALLOW, decide(filter, X86_64, 83)); // mkdir
        assertEquals(ALLOW, decide(filter, X86_64, 158)); // arch_prctl: includes arches amd64
        assertEquals(ALLOW, decide(filter, X86_64, 161)); // chroot: CAP_SYS_CHROOT is kept
        assertEquals(ALLOW, decide(filter, X86_64, 101)); // ptrace: minKernel 4.8
        assertEquals(ALLOW, decide(filter, I386, 39)); // mkdir on i386
        assertEquals(ALLOW, decide(filter, I386, 3)); // read on i386
        assertEquals(ALLOW, decide(filter, X86_64, X32 | 83)); // mkdir on x32
        assertEquals(ALLOW, decide(filter, X86_64, X32 | 512)); // x32's own rt_sigaction
    }

    @Test
    void defaultProfileDeniesPrivilegedCallsWithEperm() throws Exception {
        byte[] filter = defaultFilter(DOCKER_CAPS);
        assertEquals(EPERM, decide(filter, X86_64, 272)); // unshare
        assertEquals(EPERM, decide(filter, X86_64, 165)); // mount
        assertEquals(EPERM, decide(filter, X86_64, 250)); // keyctl
        assertEquals(EPERM, decide(filter, X86_64, 169)); // reboot
        assertEquals(EPERM, decide(filter, X86_64, 304)); // open_by_handle_at: no CAP_DAC_READ_SEARCH
        assertEquals(EPERM, decide(filter, I386, 310)); // unshare on i386
        assertEquals(EPERM, decide(filter, X86_64, X32 | 272)); // unshare on x32
        assertEquals(EPERM, decide(filter, X86_64, X32 | 13)); // a number x32 does not have
        assertEquals(EPERM, decide(filter, X86_64, 100_000)); // no such call
    }

    @Test
    void unknownArchitectureKillsTheThread() throws Exception {
        assertEquals(0, decide(defaultFilter(DOCKER_CAPS), AARCH64, 83));
    }

    @Test
    void cloneOnlyWithoutNamespaceFlagsAndClone3GetsEnosys() throws Exception {
        byte[] filter = defaultFilter(DOCKER_CAPS);
        assertEquals(ALLOW, decide(filter, X86_64, 56, SIGCHLD));
        assertEquals(ALLOW, decide(filter, X86_64, 56, 0x01000000L | 0x00200000L | SIGCHLD)); // fork's flags
        assertEquals(EPERM, decide(filter, X86_64, 56, CLONE_NEWUSER | SIGCHLD));
        assertEquals(EPERM, decide(filter, X86_64, 56, 0x00020000L)); // CLONE_NEWNS
        assertEquals(ALLOW, decide(filter, X86_64, 56, 0xFFFFFFFF00000000L | SIGCHLD)); // mask's high half is 0
        assertEquals(ENOSYS, decide(filter, X86_64, 435)); // clone3
        assertEquals(ENOSYS, decide(filter, I386, 435));
        assertEquals(EPERM, decide(filter, I386, 120, CLONE_NEWUSER));
        assertEquals(ALLOW, decide(filter, I386, 120, SIGCHLD));
    }

    @Test
    void capSysAdminAllowsNamespacesAsDockerDoes() throws Exception {
        Set<String> caps = new HashSet<>(DOCKER_CAPS);
        caps.add("CAP_SYS_ADMIN");
        byte[] filter = defaultFilter(caps);
        assertEquals(ALLOW, decide(filter, X86_64, 272));
        assertEquals(ALLOW, decide(filter, X86_64, 56, CLONE_NEWUSER));
        assertEquals(ALLOW, decide(filter, X86_64, 435));
        assertEquals(ALLOW, decide(filter, X86_64, 165));
    }

    @Test
    void personalityValuesAndSocketFamilies() throws Exception {
        byte[] filter = defaultFilter(DOCKER_CAPS);
        assertEquals(ALLOW, decide(filter, X86_64, 135, 0));
        assertEquals(ALLOW, decide(filter, X86_64, 135, 8));
        assertEquals(ALLOW, decide(filter, X86_64, 135, 0x20008));
        assertEquals(ALLOW, decide(filter, X86_64, 135, 0xFFFFFFFFL));
        assertEquals(EPERM, decide(filter, X86_64, 135, 1));
        assertEquals(EPERM, decide(filter, X86_64, 135, 0x1_0000_0000L)); // differs in the high half only
        assertEquals(ALLOW, decide(filter, I386, 136, 0xFFFFFFFFL));
        assertEquals(ALLOW, decide(filter, X86_64, 41, 2)); // AF_INET
        assertEquals(ALLOW, decide(filter, X86_64, 41, 37));
        assertEquals(EPERM, decide(filter, X86_64, 41, 38));
        assertEquals(ALLOW, decide(filter, X86_64, 41, 39));
        assertEquals(EPERM, decide(filter, X86_64, 41, 40)); // AF_VSOCK
        assertEquals(ALLOW, decide(filter, X86_64, 41, 41));
        assertEquals(ALLOW, decide(filter, X86_64, 41, 0x1_0000_0000L)); // GT 40 through the high half
        assertEquals(EPERM, decide(filter, I386, 359, 40));
        assertEquals(ALLOW, decide(filter, I386, 359, 2));
    }

    @Test
    void everyComparisonOnBothHalves() throws Exception {
        long v = 0x0000_0001_8000_0000L;
        long[] probes = {0, v - 1, v, v + 1, 0x0000_0002_0000_0000L, 0x0000_0000_FFFF_FFFFL, 0x8000_0000L, -1L};
        String[] ops = {"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT"};
        for (String op : ops) {
            byte[] filter = compile("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"mkdir\"],"
                    + "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":2,\"value\":" + Long.toUnsignedString(v)
                    + ",\"op\":\"" + op + "\"}]}]}");
            for (long probe : probes) {
                int c = Long.compareUnsigned(probe, v);
                boolean holds = switch (op) {
                    case "SCMP_CMP_NE" -> c != 0;
                    case "SCMP_CMP_LT" -> c < 0;
                    case "SCMP_CMP_LE" -> c <= 0;
                    case "SCMP_CMP_EQ" -> c == 0;
                    case "SCMP_CMP_GE" -> c >= 0;
                    default -> c > 0;
                };
                assertEquals(holds ? ALLOW : EPERM, decide(filter, X86_64, 83, 0, 0, probe), op + " " + Long.toHexString(probe));
            }
        }
    }

    @Test
    void maskedEqualityComparesBothHalves() throws Exception {
        byte[] filter = compile("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\"],"
                + "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13,\"args\":[{\"index\":1,\"value\":18446744069414584335,"
                + "\"valueTwo\":4294967297,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}");
        // mask 0xFFFFFFFF0000000F, expected 0x0000000100000001
        assertEquals(0x0005000D, decide(filter, X86_64, 83, 0, 0x0000_0001_0000_00F1L));
        assertEquals(ALLOW, decide(filter, X86_64, 83, 0, 0x0000_0002_0000_0001L));
        assertEquals(ALLOW, decide(filter, X86_64, 83, 0, 0x0000_0001_0000_0002L));
    }

    @Test
    void jumpsBeyond255InstructionsGoThroughLongJumps() throws Exception {
        StringBuilder rules = new StringBuilder();
        // Every x86_64 call below 300 gets a conditional block: the search's leaves lie far from its root.
        for (int i = 0; i < 300; i++) {
            rules.append(i == 0 ? "" : ",").append("{\"names\":[\"").append(name(i)).append("\"],\"action\":\"SCMP_ACT_ALLOW\","
                    + "\"args\":[{\"index\":0,\"value\":").append(i).append(",\"op\":\"SCMP_CMP_EQ\"}]}");
        }
        byte[] filter = compile("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[" + rules + "]}");
        assertTrue(filter.length / 8 > 1000, "the program is long enough to need long jumps: " + filter.length / 8);
        assertTrue(hasLongJump(filter), "some jump goes through a ja");
        for (int i = 0; i < 300; i++) {
            if (Arch.X86_64.number(name(i)).isPresent()) {
                int nr = Arch.X86_64.number(name(i)).get();
                assertEquals(ALLOW, decide(filter, X86_64, nr, i), name(i));
                assertEquals(EPERM, decide(filter, X86_64, nr, i + 1), name(i));
            }
        }
    }

    @Test
    void programIsSockFilterArrayEndingInReturns() throws Exception {
        byte[] filter = defaultFilter(DOCKER_CAPS);
        assertEquals(0, filter.length % 8);
        ByteBuffer insns = ByteBuffer.wrap(filter).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x20, insns.getShort(0)); // ld [4]: the architecture first
        assertEquals(4, insns.getInt(4));
        assertEquals(0x06, insns.getShort(filter.length - 8)); // the last instruction returns
        assertTrue(filter.length / 8 < BpfAssembler.MAX_INSTRUCTIONS);
    }

    private static boolean hasLongJump(byte[] filter) {
        ByteBuffer insns = ByteBuffer.wrap(filter).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < filter.length / 8; i++) {
            if (insns.getShort(i * 8) == 0x05 && insns.getInt(i * 8 + 4) > 255) {
                return true;
            }
        }
        return false;
    }

    private static String name(int i) throws Exception {
        return NAMES[i];
    }

    private static final String[] NAMES = names();

    private static String[] names() {
        String[] names = new String[300];
        try (var in = Arch.class.getResourceAsStream("x86_64.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            int i = 0;
            for (String line : text.split("\n")) {
                if (!line.startsWith("#") && i < names.length) {
                    names[i++] = line.split(" ")[0];
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return names;
    }

    private static byte[] compile(String json) throws Exception {
        return SeccompFilters.compile(SeccompFilters.parse(json.getBytes(StandardCharsets.UTF_8), MAPPER), Set.of(), "6.1");
    }
}
