package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code --sysctl KEY=VALUE}: only the keys a container's own namespaces hold, as Docker's client
 * allows them ({@code kernel.msg*}, {@code kernel.sem}, {@code kernel.shm*} and {@code fs.mqueue.*}
 * of its IPC namespace, {@code net.*} of its network namespace). A key is also a path under
 * {@code /proc/sys}: each of its parts must be a plain name, so none can lead elsewhere.
 */
public final class Sysctls {

    private static final Set<String> IPC_KEYS = Set.of(
            "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
            "kernel.shmmni", "kernel.shm_rmid_forced");
    private static final List<String> PREFIXES = List.of("net.", "fs.mqueue.");
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_@:+-]+");

    private Sysctls() {}

    /** The flags as a map, sorted by key (the last of a key wins), refused with the words of Docker's client. */
    public static Map<String, String> parseFlags(List<String> flags) {
        Map<String, String> sysctls = new TreeMap<>();
        for (String flag : flags) {
            int equals = flag.indexOf('=');
            String key = equals < 0 ? flag : flag.substring(0, equals);
            if (equals < 0 || !allowed(key)) {
                throw new InvalidRequestException("invalid argument \"" + flag + "\" for \"--sysctl\" flag: sysctl '" + flag
                        + "' is not allowed");
            }
            sysctls.put(key, flag.substring(equals + 1));
        }
        return sysctls;
    }

    /** Checks a create request's sysctls, however they came. */
    static void check(Map<String, String> sysctls) {
        for (Map.Entry<String, String> e : sysctls.entrySet()) {
            if (!allowed(e.getKey()) || e.getValue().indexOf('\0') >= 0) {
                throw new InvalidRequestException("sysctl '" + e.getKey() + "=" + e.getValue() + "' is not allowed");
            }
        }
    }

    private static boolean allowed(String key) {
        boolean namespaced = IPC_KEYS.contains(key) || PREFIXES.stream().anyMatch(key::startsWith);
        if (!namespaced) {
            return false;
        }
        for (String part : key.split("\\.", -1)) {
            if (!PART.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }
}
