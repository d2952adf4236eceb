package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.linux.Fds;
import io.jocker.linux.RootedDir;
import io.jocker.spi.CgroupMount;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerSpec;
import io.jocker.spi.Mount;
import io.jocker.spi.ProcessSpec;
import io.jocker.spi.Security;
import io.jocker.spi.Stdio;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds what the isolator runs from a container's record and its mounted root file system. */
final class ContainerSpecs {

    private ContainerSpecs() {}

    static ContainerSpec of(ContainerRecord record, Path rootfs, List<CgroupMount> cgroupMounts, Stdio stdio, Security security)
            throws IOException {
        ContainerConfig c = record.config();
        String hostname = c.hostname();
        UserResolver.Resolved user = UserResolver.resolve(rootfs, c.user(), record.hostConfig().groupAdd());
        List<String> args = new ArrayList<>(c.entrypoint());
        args.addAll(c.cmd());
        String cwd = c.workingDir() == null || c.workingDir().isEmpty() ? "/" : c.workingDir();
        if (!cwd.startsWith("/")) {
            throw new InvalidRequestException("the working directory '" + cwd + "' is invalid, it needs to be an absolute path");
        }
        // Created as Docker's MkdirAll does, each missing directory by name inside the root.
        try (RootedDir root = RootedDir.of(rootfs)) {
            Fds.closeQuietly(root.openCreating(cwd, false));
        }
        List<Mount> mounts = record.hostConfig().mounts();
        if (record.hostConfig().runsInit()) {
            args = InitBinary.command(args);
            mounts = new ArrayList<>(mounts);
            mounts.add(InitBinary.mount());
        }
        ProcessSpec process = new ProcessSpec(args, runtimeEnv(c, hostname, user.home()), cwd, user.user());
        return ContainerSpec.builder()
                .id(record.id())
                .rootfs(rootfs)
                .hostname(hostname)
                .process(process)
                .mounts(mounts)
                .cgroupMounts(cgroupMounts)
                .security(security)
                .readOnlyRootfs(record.hostConfig().readonlyRootfs())
                .stdio(stdio)
                .sysctls(record.hostConfig().sysctls())
                .build();
    }

    /** What Docker adds at start: HOSTNAME, HOME (unless set) and TERM for a terminal. */
    static List<String> runtimeEnv(ContainerConfig c, String hostname, String home) {
        List<String> added = new ArrayList<>();
        added.add("HOSTNAME=" + hostname);
        boolean hasHome = c.env().stream().anyMatch(e -> e.startsWith("HOME="));
        if (!hasHome) {
            added.add("HOME=" + home);
        }
        if (c.tty() && c.env().stream().noneMatch(e -> e.startsWith("TERM="))) {
            added.add("TERM=xterm");
        }
        List<String> env = new ArrayList<>(added);
        env.addAll(c.env());
        return ContainerConfigs.mergeEnv(List.of(), env);
    }
}
