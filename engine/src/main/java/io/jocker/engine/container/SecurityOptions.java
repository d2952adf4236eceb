package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import java.util.List;
import java.util.Locale;

/**
 * A container's {@code --security-opt} values read as Docker's daemon reads them
 * ({@code parseSecurityOpt}): {@code seccomp=unconfined|builtin|JSON},
 * {@code no-new-privileges[=BOOL]}, and {@code label=...} and {@code apparmor=...}, accepted and
 * without effect on a host without SELinux or AppArmor.
 *
 * @param seccomp the seccomp value: null for the default profile
 * @param noNewPrivileges set no_new_privs on the container's processes
 */
record SecurityOptions(String seccomp, boolean noNewPrivileges) {

    static final String UNCONFINED = "unconfined";
    static final String BUILTIN = "builtin";

    static SecurityOptions parse(List<String> options) {
        String seccomp = null;
        boolean noNewPrivileges = false;
        for (String option : options) {
            if (option.equals("no-new-privileges")) {
                noNewPrivileges = true;
                continue;
            }
            if (option.equals("disable")) {
                continue;
            }
            int equals = option.indexOf('=');
            int at = equals >= 0 ? equals : option.indexOf(':');
            if (at < 0) {
                throw new InvalidRequestException("invalid --security-opt 1: \"" + option + "\"");
            }
            String key = option.substring(0, at);
            String value = option.substring(at + 1);
            switch (key) {
                case "label", "apparmor" -> {
                    // No SELinux or AppArmor here: Docker accepts these and they change nothing.
                }
                case "seccomp" -> seccomp = value;
                case "no-new-privileges" -> noNewPrivileges = parseBool(value, option);
                default -> throw new InvalidRequestException("invalid --security-opt 2: \"" + option + "\"");
            }
        }
        return new SecurityOptions(seccomp, noNewPrivileges);
    }

    /** Go's strconv.ParseBool. */
    private static boolean parseBool(String value, String option) {
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new InvalidRequestException("invalid --security-opt 2: \"" + option + "\"");
        };
    }

    boolean unconfined() {
        return UNCONFINED.equals(seccomp);
    }

    /** A profile of the user's own (its JSON), not the default one. */
    boolean customProfile() {
        return seccomp != null && !seccomp.isEmpty() && !unconfined() && !BUILTIN.equals(seccomp.toLowerCase(Locale.ROOT));
    }
}
