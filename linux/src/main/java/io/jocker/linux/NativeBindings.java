package io.jocker.linux;

import java.util.List;

/**
 * Binds every libc function group up front. A process about to change its root (pivot_root,
 * setns into a mount namespace) calls this first: afterwards class files on the host are out of
 * reach, and a binding class loaded lazily would fail.
 */
public final class NativeBindings {

    private static final List<String> GROUPS = List.of(
            "Mounts$Bindings", "Xattrs$Bindings", "Namespaces$Bindings", "Fds$Bindings", "Processes$Bindings",
            "Spawn$Bindings", "Credentials$Bindings", "Terminals$Bindings", "Seccomp$Bindings", "Errno$StrError");

    private NativeBindings() {}

    /** Loads and registers every binding group and the classes their failures need. */
    public static void loadAll() {
        ClassLoader loader = NativeBindings.class.getClassLoader();
        try {
            for (String group : GROUPS) {
                String prefix = NativeBindings.class.getPackageName() + ".";
                Class.forName(prefix + group.substring(0, group.indexOf('$')), true, loader);
                Class.forName(prefix + group, true, loader);
            }
            Class.forName(LinuxException.class.getName(), true, loader);
            Class.forName(Processes.WaitStatus.class.getName(), true, loader);
            Class.forName(Fds.Pair.class.getName(), true, loader);
            Class.forName(Capabilities.class.getName(), true, loader);
            Class.forName(Interfaces.class.getName(), true, loader);
            Class.forName(Terminals.Pty.class.getName(), true, loader);
            Class.forName(Terminals.WindowSize.class.getName(), true, loader);
            Class.forName(Credentials.CapabilitySets.class.getName(), true, loader);
            Errno.describe(Errno.EPERM);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a jocker-linux binding class is missing: " + e.getMessage(), e);
        }
    }
}
