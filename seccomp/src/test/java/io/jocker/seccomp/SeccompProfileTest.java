package io.jocker.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeccompProfileTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static SeccompProfile parse(String json) throws SeccompProfileException {
        return SeccompFilters.parse(json.getBytes(StandardCharsets.UTF_8), MAPPER);
    }

    @Test
    void readsDockersFields() throws Exception {
        SeccompProfile profile = parse("""
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "comment": "ignored",
                 "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
                 "syscalls": [{"names": ["clone"], "action": "SCMP_ACT_ALLOW",
                   "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}],
                   "excludes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["s390x"]}},
                  {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
                  {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                   "args": [{"index": 0, "value": 18446744073709551615, "op": "SCMP_CMP_EQ"}]}]}
                """);
        assertEquals("SCMP_ACT_ERRNO", profile.defaultAction());
        assertEquals(38, profile.defaultErrnoRet());
        assertEquals(List.of("SCMP_ARCH_X86"), profile.archMap().get(0).subArchitectures());
        assertEquals(2114060288L, profile.syscalls().get(0).args().get(0).value().longValue());
        assertEquals(List.of("CAP_SYS_ADMIN"), profile.syscalls().get(0).excludes().caps());
        assertEquals("4.8", profile.syscalls().get(1).includes().minKernel());
        assertEquals(new BigInteger("18446744073709551615"), profile.syscalls().get(2).args().get(0).value());
    }

    @Test
    void defaultProfileResolvesForDockersCapabilities() throws Exception {
        SeccompProfile profile = SeccompFilters.parse(SeccompFilters.defaultProfileJson(), MAPPER);
        FilterRules rules = new ProfileResolver("amd64", BpfCompilerTest.DOCKER_CAPS,
                ProfileResolver.KernelVersion.parse("6.18.44-fc-v1272")).resolve(profile);
        assertEquals(0x00050001, rules.defaultAction());
        assertEquals(List.of(Arch.X86_64, Arch.X86, Arch.X32), rules.arches());
        assertTrue(rules.rules().stream().anyMatch(r -> r.names().contains("chroot")), "CAP_SYS_CHROOT's rule applies");
        assertFalse(rules.rules().stream().anyMatch(r -> r.names().contains("unshare")), "CAP_SYS_ADMIN's rule does not");
        assertFalse(rules.rules().stream().anyMatch(r -> r.names().contains("s390_runtime_instr")), "s390's rule does not");
        assertTrue(rules.rules().stream().anyMatch(r -> r.names().equals(List.of("clone3")) && r.action() == 0x00050026));
    }

    @Test
    void oldNameFieldWorksAndNotBothForms() throws Exception {
        FilterRules rules = resolve("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"name\":\"mkdir\",\"action\":\"SCMP_ACT_ERRNO\"}]}");
        assertEquals(List.of("mkdir"), rules.rules().get(0).names());
        assertEquals(0x00050001, rules.rules().get(0).action());
        SeccompProfileException both = assertThrows(SeccompProfileException.class, () -> resolve(
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"name\":\"a\",\"names\":[\"b\"],\"action\":\"SCMP_ACT_ALLOW\"}]}"));
        assertTrue(both.getMessage().contains("both 'name' and 'names'"), both.getMessage());
    }

    @Test
    void minKernelAndArchesFilterRules() throws Exception {
        String json = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
                + "{\"names\":[\"a\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"minKernel\":\"6.19\"}},"
                + "{\"names\":[\"b\"],\"action\":\"SCMP_ACT_ALLOW\",\"excludes\":{\"minKernel\":\"6.2\"}},"
                + "{\"names\":[\"c\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"arches\":[\"arm64\"]}},"
                + "{\"names\":[\"d\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"minKernel\":\"6.18\",\"arches\":[\"amd64\"]}}]}";
        assertEquals(List.of(List.of("d")), resolve(json).rules().stream().map(FilterRules.Rule::names).toList());
    }

    @Test
    void badProfilesGiveOneLineMessages() {
        assertMessage("{\"defaultAction\":", "Decoding seccomp profile failed:");
        assertMessage("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":{}}", "Decoding seccomp profile failed: a value of the wrong type in 'syscalls'");
        assertMessage("{\"defaultAction\":\"SCMP_ACT_NOPE\"}", "unknown seccomp action \"SCMP_ACT_NOPE\"");
        assertMessage("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ALLOW\","
                + "\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_FOO\"}]}]}", "unknown seccomp comparison \"SCMP_CMP_FOO\"");
        assertMessage("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ALLOW\","
                + "\"args\":[{\"index\":6,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}", "seccomp argument index 6 is out of range");
        assertMessage("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ALLOW\","
                + "\"args\":[{\"index\":0,\"value\":-1,\"op\":\"SCMP_CMP_EQ\"}]}]}", "is not an unsigned 64-bit number");
        assertMessage("{\"defaultAction\":\"SCMP_ACT_NOTIFY\"}", "SCMP_ACT_NOTIFY is not supported");
        assertMessage("{\"architectures\":[\"SCMP_ARCH_X86\"],\"archMap\":[],\"defaultAction\":\"SCMP_ACT_ALLOW\"}", null);
        assertMessage("{\"architectures\":[\"X86\"],\"defaultAction\":\"SCMP_ACT_ALLOW\"}", "unknown architecture \"X86\"");
    }

    private static void assertMessage(String json, String expected) {
        if (expected == null) {
            try {
                resolve(json);
            } catch (SeccompProfileException e) {
                throw new AssertionError(e);
            }
            return;
        }
        SeccompProfileException e = assertThrows(SeccompProfileException.class, () -> resolve(json));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("java."), e.getMessage());
        assertFalse(e.getMessage().contains("jocker."), e.getMessage());
    }

    private static FilterRules resolve(String json) throws SeccompProfileException {
        return new ProfileResolver("amd64", Set.of(), ProfileResolver.KernelVersion.parse("6.18.2")).resolve(parse(json));
    }
}
