package io.jocker.namespaces;

import io.jocker.linux.Capabilities;
import io.jocker.linux.Credentials;
import io.jocker.linux.Errno;
import io.jocker.linux.Fds;
import io.jocker.linux.Interfaces;
import io.jocker.linux.LinuxException;
import io.jocker.linux.Mounts;
import io.jocker.linux.Namespaces;
import io.jocker.linux.NativeBindings;
import io.jocker.linux.ProcessLimits;
import io.jocker.linux.Processes;
import io.jocker.linux.Seccomp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The container init: a small JVM spawned into the container's new namespaces with its config
 * on fd 3. It prepares the root file system, reports ready, waits until the engine placed it in
 * cgroups, and execs the user command as PID 1. A failure is reported on fd 3 and ends the init.
 */
public final class ContainerInit {

    /**
     * Classes the steps after pivot_root need; loaded while the host's class path is reachable.
     * The outer classes of jocker-linux too: from a class directory (a test's class path), unlike
     * from a jar the JVM holds open, nothing can be loaded after the pivot. NamespaceIsolatorTest
     * runs the init from class directories through each way out of CommandLauncher, so a class
     * missing here fails it.
     */
    private static final List<Class<?>> AFTER_PIVOT = List.of(
            CommandLauncher.class, CapabilityDropper.class, ProcessIdentity.class, CommandResolver.class, InitFailure.class,
            InitChannel.class, InitChannel.Message.class, StartGate.class, Optional.class, LinuxException.class, Capabilities.class,
            Credentials.class, Credentials.CapabilitySets.class, Errno.class, Fds.class, Mounts.class, Namespaces.class,
            Processes.class, Seccomp.class, ProcessLimits.class, InitConfig.RlimitSpec.class);

    /**
     * The libc binding groups of jocker-linux that the steps after pivot_root call, bound then
     * too. Only these: binding JNA functions is most of the init's own work, and the groups it
     * needs before the pivot bind lazily on first use (NativeBindings.loadAll binds all nine).
     */
    private static final List<String> BINDINGS_AFTER_PIVOT = List.of(
            "Mounts$Bindings", "Namespaces$Bindings", "Fds$Bindings", "Processes$Bindings", "Credentials$Bindings",
            "Seccomp$Bindings", "Errno$StrError");

    private ContainerInit() {}

    public static void main(String[] args) {
        InitChannel channel = new InitChannel(NamespaceSpawner.CHANNEL_FD);
        try {
            run(channel);
        } catch (InitFailure failure) {
            report(channel, failure.type(), failure.getMessage());
            Processes.exitImmediately(failure.exitCode());
        } catch (Throwable e) {
            // Errors too: an init that dies without a report would look like a successful exec.
            // In words for the user, who reads it as the reason the container did not start: no Java class name.
            report(channel, InitChannel.FAILED, "the container's init failed: "
                    + (e.getMessage() != null ? e.getMessage() : "an unexpected error without a description"));
            Processes.exitImmediately(125);
        }
    }

    private static void run(InitChannel channel) throws IOException, InitFailure {
        if (!channel.ready()) {
            // Started ahead of its container: do now, while nobody waits, what the steps below would do lazily.
            NativeBindings.loadAll();
            preloadForPivot();
        }
        InitChannel.Message message = receive(channel);
        int rootfsTree = -1;
        if (message.type() == InitChannel.HANDOVER) {
            rootfsTree = takeHandover(message.payload());
            message = receive(channel);
        }
        if (message.type() != InitChannel.CONFIG) {
            throw new IOException("expected the container config, got message type " + message.type());
        }
        InitConfig config = InitConfigCodec.decode(message.payload());
        if (rootfsTree >= 0) {
            attach(rootfsTree, Path.of(config.rootfs()));
        }
        StartGate gate = StartGate.open(config.startGate());
        RootfsSetup rootfs = new RootfsSetup(config);
        int master = -1;
        try {
            rootfs.build();
            if (config.tty()) {
                master = ContainerTerminal.attach(rootfs.ptmx(), config.uid());
            }
            if (config.newNetworkNamespace()) {
                Interfaces.up("lo");
            }
        } catch (IOException e) {
            throw new InitFailure("cannot set up the container's root file system: " + e.getMessage(), e);
        }
        int lastCapability = CapabilityDropper.lastCapability();
        preloadForPivot();
        channel.send(InitChannel.READY, master);
        Optional<InitChannel.Message> go = channel.receive(-1);
        if (go.isEmpty() || go.get().type() != InitChannel.GO) {
            // The engine gave up (placement failed or it died): nothing may run.
            Processes.exitImmediately(125);
        }
        new CommandLauncher(config, lastCapability).launch(rootfs.root(), rootfs.cgroups(), gate, channel);
    }

    private static InitChannel.Message receive(InitChannel channel) throws IOException {
        return channel.receive(-1).orElseThrow(() -> new IOException("the engine closed the channel before sending the config"));
    }

    /**
     * Makes the engine's fds named in the payload this process's 0, 1 and 2 (the same open
     * files), and returns its copy of the root file system's detached mount.
     */
    private static int takeHandover(byte[] payload) throws LinuxException {
        ByteBuffer fds = ByteBuffer.wrap(payload);
        for (int target = 0; target < 3; target++) {
            int fd = fds.getInt();
            if (fd >= 0) {
                int copy = Processes.pidfdGetfd(NamespaceSpawner.PARENT_PIDFD, fd);
                Fds.dup2(copy, target);
                Fds.close(copy);
            }
        }
        int tree = Processes.pidfdGetfd(NamespaceSpawner.PARENT_PIDFD, fds.getInt());
        Fds.close(NamespaceSpawner.PARENT_PIDFD);
        return tree;
    }

    /**
     * Mounts the root file system the engine mounted after this init's namespace was made. The
     * namespace becomes private first: nothing attached here may propagate back to the host.
     */
    private static void attach(int tree, Path rootfs) throws InitFailure {
        try {
            Mounts.mount(null, Path.of("/"), null, Mounts.MS_REC | Mounts.MS_PRIVATE, null);
            Mounts.moveMount(tree, rootfs);
            Fds.close(tree);
        } catch (LinuxException e) {
            throw new InitFailure("cannot attach the container's root file system: " + e.getMessage(), e);
        }
    }

    private static void preloadForPivot() throws IOException {
        ClassLoader loader = ContainerInit.class.getClassLoader();
        String linux = LinuxException.class.getPackageName() + '.';
        try {
            for (Class<?> c : AFTER_PIVOT) {
                Class.forName(c.getName(), true, loader);
            }
            for (String bindings : BINDINGS_AFTER_PIVOT) {
                Class.forName(linux.concat(bindings), true, loader);
            }
        } catch (ClassNotFoundException e) {
            throw new IOException("container init class missing: " + e.getMessage(), e);
        }
    }

    private static void report(InitChannel channel, byte type, String message) {
        try {
            channel.send(type, message);
        } catch (IOException e) {
            // Nobody listens any more (a container started through its start gate, whose creator
            // has exited): the container's stderr is the one place left to tell.
            System.err.println("jocker-init: " + message);
        }
    }
}
