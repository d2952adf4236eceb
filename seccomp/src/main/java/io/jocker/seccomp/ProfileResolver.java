package io.jocker.seccomp;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies a profile's includes and excludes as Docker does (moby's {@code setupSeccomp}):
 * architectures are the host's Docker name ({@code amd64}), capabilities those the process
 * keeps, the kernel the running one.
 */
final class ProfileResolver {

    private static final int MAX_ARGUMENT = 5;
    private static final BigInteger MAX_VALUE = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final String hostArch;
    private final Set<String> capabilities;
    private final KernelVersion kernel;

    ProfileResolver(String hostArch, Set<String> capabilities, KernelVersion kernel) {
        this.hostArch = hostArch;
        this.capabilities = Set.copyOf(capabilities);
        this.kernel = kernel;
    }

    FilterRules resolve(SeccompProfile profile) throws SeccompProfileException {
        if (!profile.architectures().isEmpty() && !profile.archMap().isEmpty()) {
            throw new SeccompProfileException("both 'architectures' and 'archMap' are specified in the seccomp profile,"
                    + " use either 'architectures' or 'archMap'");
        }
        int defaultAction = Actions.of(profile.defaultAction(), profile.defaultErrnoRet());
        List<FilterRules.Rule> rules = new ArrayList<>();
        for (SeccompProfile.Syscall call : profile.syscalls()) {
            List<String> names = names(call);
            if (applies(call)) {
                rules.add(new FilterRules.Rule(names, Actions.of(call.action(), call.errnoRet()), conditions(call)));
            }
        }
        return new FilterRules(defaultAction, arches(profile), rules);
    }

    private static List<String> names(SeccompProfile.Syscall call) throws SeccompProfileException {
        if (call.name() != null && !call.name().isEmpty()) {
            if (!call.names().isEmpty()) {
                throw new SeccompProfileException("both 'name' and 'names' are specified in the seccomp profile,"
                        + " use either 'name' or 'names'");
            }
            return List.of(call.name());
        }
        return call.names();
    }

    /** The native architecture first, then those the profile adds that this host can run. */
    private List<Arch> arches(SeccompProfile profile) throws SeccompProfileException {
        List<String> named = new ArrayList<>(profile.architectures());
        for (SeccompProfile.ArchMap entry : profile.archMap()) {
            if (Arch.X86_64.scmpName().equals(entry.architecture())) {
                named.add(entry.architecture());
                named.addAll(entry.subArchitectures());
            }
        }
        List<Arch> arches = new ArrayList<>(List.of(Arch.X86_64));
        for (String name : named) {
            if (!name.startsWith("SCMP_ARCH_")) {
                throw new SeccompProfileException("unknown architecture \"" + name + "\" in the seccomp profile");
            }
            // Another family's architecture never matches a call on this host: libseccomp would add a dead branch.
            Arch.byScmpName(name).filter(a -> !arches.contains(a)).ifPresent(arches::add);
        }
        return arches;
    }

    private boolean applies(SeccompProfile.Syscall call) throws SeccompProfileException {
        SeccompProfile.Filter excludes = call.excludes();
        if (excludes != null) {
            if (excludes.arches().contains(hostArch) || excludes.caps().stream().anyMatch(capabilities::contains)) {
                return false;
            }
            if (excludes.minKernel() != null && kernel.atLeast(KernelVersion.parse(excludes.minKernel()))) {
                return false;
            }
        }
        SeccompProfile.Filter includes = call.includes();
        if (includes != null) {
            if (!includes.arches().isEmpty() && !includes.arches().contains(hostArch)) {
                return false;
            }
            if (!capabilities.containsAll(includes.caps())) {
                return false;
            }
            if (includes.minKernel() != null && !kernel.atLeast(KernelVersion.parse(includes.minKernel()))) {
                return false;
            }
        }
        return true;
    }

    private static List<FilterRules.Condition> conditions(SeccompProfile.Syscall call) throws SeccompProfileException {
        List<FilterRules.Condition> conditions = new ArrayList<>();
        for (SeccompProfile.Arg arg : call.args()) {
            if (arg.index() < 0 || arg.index() > MAX_ARGUMENT) {
                throw new SeccompProfileException("seccomp argument index " + arg.index() + " is out of range (0 to 5)");
            }
            if (arg.op() == null) {
                throw new SeccompProfileException("a seccomp argument condition has no op");
            }
            FilterRules.Op op = switch (arg.op()) {
                case "SCMP_CMP_NE" -> FilterRules.Op.NE;
                case "SCMP_CMP_LT" -> FilterRules.Op.LT;
                case "SCMP_CMP_LE" -> FilterRules.Op.LE;
                case "SCMP_CMP_EQ" -> FilterRules.Op.EQ;
                case "SCMP_CMP_GE" -> FilterRules.Op.GE;
                case "SCMP_CMP_GT" -> FilterRules.Op.GT;
                case "SCMP_CMP_MASKED_EQ" -> FilterRules.Op.MASKED_EQ;
                default -> throw new SeccompProfileException("unknown seccomp comparison \"" + arg.op() + "\"");
            };
            conditions.add(new FilterRules.Condition(arg.index(), op, unsigned(arg.value()), unsigned(arg.valueTwo())));
        }
        return conditions;
    }

    private static long unsigned(BigInteger value) throws SeccompProfileException {
        if (value == null) {
            return 0;
        }
        if (value.signum() < 0 || value.compareTo(MAX_VALUE) > 0) {
            throw new SeccompProfileException("seccomp argument value " + value + " is not an unsigned 64-bit number");
        }
        return value.longValue();
    }

    /** A kernel release's major and minor version. */
    record KernelVersion(int major, int minor) {

        /** Reads "6.18.44-fc-v1272" or "4.8" as 6.18 or 4.8. */
        static KernelVersion parse(String release) throws SeccompProfileException {
            String[] parts = release.trim().split("[.-]", 3);
            try {
                return new KernelVersion(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
            } catch (NumberFormatException e) {
                throw new SeccompProfileException("invalid kernel version \"" + release + "\"", e);
            }
        }

        boolean atLeast(KernelVersion other) {
            return major != other.major ? major > other.major : minor >= other.minor;
        }
    }
}
