package io.jocker.cli;

import io.jocker.engine.resources.HostResources;
import io.jocker.engine.resources.InvalidResourceException;
import io.jocker.engine.resources.ParsedResources;
import io.jocker.engine.resources.ResourceFlags;
import io.jocker.engine.resources.ResourceParser;
import io.jocker.spi.Host;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The resource limit flags {@code update} shares with {@code run} and {@code create}, parsed the way Docker parses them. */
class LimitOptions {

    @Option(names = {"-m", "--memory"}, paramLabel = "BYTES", description = "Memory limit")
    String memory;

    @Option(names = "--memory-swap", paramLabel = "BYTES",
            description = "Swap limit equal to memory plus swap: '-1' to enable unlimited swap")
    String memorySwap;

    @Option(names = "--memory-reservation", paramLabel = "BYTES", description = "Memory soft limit")
    String memoryReservation;

    @Option(names = "--cpus", paramLabel = "DECIMAL", description = "Number of CPUs")
    String cpus;

    @Option(names = {"-c", "--cpu-shares"}, paramLabel = "INT", description = "CPU shares (relative weight)")
    String cpuShares;

    @Option(names = "--cpu-period", paramLabel = "INT", description = "Limit CPU CFS (Completely Fair Scheduler) period")
    String cpuPeriod;

    @Option(names = "--cpu-quota", paramLabel = "INT", description = "Limit CPU CFS (Completely Fair Scheduler) quota")
    String cpuQuota;

    @Option(names = "--cpuset-cpus", paramLabel = "LIST", description = "CPUs in which to allow execution (0-3, 0,1)")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", paramLabel = "LIST", description = "MEMs in which to allow execution (0-3, 0,1)")
    String cpusetMems;

    @Option(names = "--pids-limit", paramLabel = "INT", description = "Tune container pids limit (set -1 for unlimited)")
    String pidsLimit;

    /** {@code update} has no {@code --oom-kill-disable}; {@link RunLimitOptions} adds it. */
    boolean oomKillDisable() {
        return false;
    }

    /** Whether any limit flag was given ({@code update} needs one). */
    boolean any() {
        return !flags().equals(ResourceFlags.none());
    }

    ResourceFlags flags() {
        return new ResourceFlags(memory, memorySwap, memoryReservation, cpus, cpuShares, cpuPeriod, cpuQuota,
                cpusetCpus, cpusetMems, pidsLimit, oomKillDisable());
    }

    /** The limits for a new container, with Docker's defaults; prints Docker's warnings on {@code err}. */
    ParsedResources parseForCreate(Host host, PrintWriter err) throws InvalidResourceException {
        return warn(parser(host).parse(flags()), err);
    }

    /** Only the limits given, for {@code update}; prints Docker's warnings on {@code err}. */
    ParsedResources parseForUpdate(Host host, PrintWriter err) throws InvalidResourceException {
        return warn(parser(host).parseUpdate(flags()), err);
    }

    private static ResourceParser parser(Host host) {
        return new ResourceParser(HostResources.probe(host.root(), host.cpus()));
    }

    private static ParsedResources warn(ParsedResources parsed, PrintWriter err) {
        parsed.warnings().forEach(err::println);
        err.flush();
        return parsed;
    }
}
