package io.jocker.engine.container;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.events.Events;
import io.jocker.engine.plugin.DriverKind;
import io.jocker.engine.plugin.Drivers;
import io.jocker.spi.CgroupDriver;
import io.jocker.spi.CommandInvocationException;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerProcess;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.ExecSpec;
import io.jocker.spi.IsolationException;
import io.jocker.spi.Isolator;
import io.jocker.spi.ProcessSpec;
import io.jocker.spi.Stdio;
import io.jocker.spi.StorageDriver;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code exec}: a further process inside a running container's namespaces and cgroup, with the
 * container's environment, working directory, user and hardening unless told otherwise.
 */
public final class ExecService {

    private final ContainerLookup lookup;
    private final ContainerService containers;
    private final Drivers drivers;
    private final Provider<Isolator> isolator;
    private final Events events;
    private final ContainerSecurity security;

    @Inject
    public ExecService(ContainerLookup lookup, ContainerService containers, Drivers drivers, Provider<Isolator> isolator,
            Events events, ContainerSecurity security) {
        this.lookup = lookup;
        this.containers = containers;
        this.drivers = drivers;
        this.isolator = isolator;
        this.events = events;
        this.security = security;
    }

    /**
     * Starts the process; it runs when this returns. As Docker's, its {@code exec_create} and
     * {@code exec_start} events name its command, and its {@code exec_die} is recorded by whoever
     * reaps it through the returned process.
     */
    public ContainerProcess exec(String reference, ExecRequest request, Stdio stdio) {
        ContainerRecord record = lookup.find(reference);
        containers.thawIfAbandoned(record.id());
        if (record.state().status() == Status.RESTARTING) {
            throw ContainerService.restarting(record.id());
        }
        if (!ContainerService.isRunning(record)) {
            throw new InvalidRequestException("container " + record.id() + " is not running");
        }
        if (record.state().status() == Status.PAUSED) {
            throw new InvalidRequestException("Container " + record.id() + " is paused, unpause the container before exec");
        }
        if (request.command().isEmpty()) {
            throw new InvalidRequestException("exec needs a command to run");
        }
        StorageDriver storage = drivers.named(DriverKind.STORAGE, record.storageDriver(), StorageDriver.class);
        CgroupDriver cgroups = drivers.named(DriverKind.CGROUP, record.cgroupDriver(), CgroupDriver.class);
        ContainerCgroup cgroup = cgroups.open(record.id())
                .orElseThrow(() -> new EngineException("container " + record.id() + " has no cgroup; is it still running?"));
        try {
            Path rootfs = storage.mountRootfs(record.id());
            ExecSpec spec = new ExecSpec(process(record, request, rootfs),
                    security.forExec(record.hostConfig(), request.privileged()), stdio);
            String execId = ContainerNames.newId();
            String command = String.join(" ", request.command());
            events.container(record, "exec_create: " + command, Map.of("execID", execId));
            ContainerProcess process = isolator.get().exec(record.state().pid(), spec, cgroup::addProcess);
            events.container(record, "exec_start: " + command, Map.of("execID", execId));
            return new ExecProcess(process, status -> events.container(record, "exec_die",
                    Map.of("execID", execId, "exitCode", Integer.toString(status.shellCode()))));
        } catch (CommandInvocationException e) {
            throw new ContainerStartException("OCI runtime exec failed: exec failed: unable to start container process: "
                    + e.getMessage() + ": unknown", e.exitCode(), e);
        } catch (IsolationException | IOException e) {
            throw new ContainerStartException("OCI runtime exec failed: " + e.getMessage(), 125, e);
        }
    }

    static ProcessSpec process(ContainerRecord record, ExecRequest request, Path rootfs) throws IOException {
        CStringFields.check("command argument", request.command());
        CStringFields.check("environment variable", request.env());
        CStringFields.check("working directory", request.workingDir());
        CStringFields.check("user", request.user());
        ContainerConfig c = record.config();
        String user = request.user() != null ? request.user() : c.user();
        UserResolver.Resolved resolved = UserResolver.resolve(rootfs, user, record.hostConfig().groupAdd());
        String cwd = request.workingDir() != null ? request.workingDir()
                : c.workingDir() == null || c.workingDir().isEmpty() ? "/" : c.workingDir();
        if (!cwd.startsWith("/")) {
            throw new InvalidRequestException("the working directory '" + cwd + "' is invalid, it needs to be an absolute path");
        }
        ContainerConfig withTty = c.toBuilder().tty(request.tty()).build();
        List<String> env = new ArrayList<>(ContainerSpecs.runtimeEnv(withTty, c.hostname(), resolved.home()));
        env.addAll(request.env());
        return new ProcessSpec(request.command(), ContainerConfigs.mergeEnv(List.of(), env), cwd, resolved.user());
    }
}
