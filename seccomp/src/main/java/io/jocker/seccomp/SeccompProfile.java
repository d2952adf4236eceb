package io.jocker.seccomp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigInteger;
import java.util.List;

/**
 * A seccomp profile in Docker's JSON format (moby's {@code profiles/seccomp}). Unknown fields
 * are ignored, as Docker's decoder ignores them.
 *
 * @param defaultAction what a system call no rule matches gets, for example {@code SCMP_ACT_ERRNO}
 * @param defaultErrnoRet the errno of an {@code SCMP_ACT_ERRNO} default; EPERM when absent
 * @param architectures the architectures the filter covers (besides the native one)
 * @param archMap per native architecture, the sub-architectures it covers (instead of {@code architectures})
 * @param syscalls the rules, in order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SeccompProfile(
        @JsonProperty("defaultAction") String defaultAction,
        @JsonProperty("defaultErrnoRet") Integer defaultErrnoRet,
        @JsonProperty("architectures") List<String> architectures,
        @JsonProperty("archMap") List<ArchMap> archMap,
        @JsonProperty("syscalls") List<Syscall> syscalls) {

    public SeccompProfile {
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        archMap = archMap == null ? List.of() : List.copyOf(archMap);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    /** A native architecture and the sub-architectures a filter for it also covers. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ArchMap(
            @JsonProperty("architecture") String architecture,
            @JsonProperty("subArchitectures") List<String> subArchitectures) {

        public ArchMap {
            subArchitectures = subArchitectures == null ? List.of() : List.copyOf(subArchitectures);
        }
    }

    /**
     * One rule: the system calls it names get its action when all its argument conditions hold.
     *
     * @param name a single name (the older form of {@code names})
     * @param names the system call names; names unknown to an architecture are skipped
     * @param action for example {@code SCMP_ACT_ALLOW}
     * @param errnoRet the errno of an {@code SCMP_ACT_ERRNO} action; EPERM when absent
     * @param args conditions on the arguments, all of which must hold
     * @param includes the rule applies only where all of these hold
     * @param excludes the rule does not apply where any of these holds
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Syscall(
            @JsonProperty("name") String name,
            @JsonProperty("names") List<String> names,
            @JsonProperty("action") String action,
            @JsonProperty("errnoRet") Integer errnoRet,
            @JsonProperty("args") List<Arg> args,
            @JsonProperty("includes") Filter includes,
            @JsonProperty("excludes") Filter excludes) {

        public Syscall {
            names = names == null ? List.of() : List.copyOf(names);
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    /**
     * A condition on one argument: {@code arg OP value}, or {@code (arg & value) == valueTwo}
     * for {@code SCMP_CMP_MASKED_EQ}. Values are unsigned 64-bit.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Arg(
            @JsonProperty("index") int index,
            @JsonProperty("value") BigInteger value,
            @JsonProperty("valueTwo") BigInteger valueTwo,
            @JsonProperty("op") String op) {}

    /**
     * When a rule applies.
     *
     * @param caps capability names, such as {@code CAP_SYS_ADMIN}
     * @param arches native architectures in Docker's naming ({@code amd64}, {@code x86}, {@code arm64}, ...)
     * @param minKernel a kernel version, such as {@code 4.8}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Filter(
            @JsonProperty("caps") List<String> caps,
            @JsonProperty("arches") List<String> arches,
            @JsonProperty("minKernel") String minKernel) {

        public Filter {
            caps = caps == null ? List.of() : List.copyOf(caps);
            arches = arches == null ? List.of() : List.copyOf(arches);
        }
    }
}
