package io.jocker.cli;

import picocli.CommandLine.Option;

/** The limit flags of {@code run} and {@code create}: those of {@code update} plus {@code --oom-kill-disable}. */
final class RunLimitOptions extends LimitOptions {

    @Option(names = "--oom-kill-disable", description = "Disable OOM Killer")
    boolean oomKillDisable;

    @Override
    boolean oomKillDisable() {
        return oomKillDisable;
    }
}
