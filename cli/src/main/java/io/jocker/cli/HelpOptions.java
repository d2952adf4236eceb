package io.jocker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --help}, and {@code -h} where a command has no {@code -h} of its own ({@code run -h} is the
 * host name, as in Docker), on every command and subcommand of a model: added here, once, rather than
 * declared by each command, so that no command can lack them.
 */
final class HelpOptions {

    private HelpOptions() {}

    static void addTo(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.findOption("--help") == null) {
            OptionSpec.Builder help = spec.findOption("-h") == null ? OptionSpec.builder("-h", "--help") : OptionSpec.builder("--help");
            spec.addOption(help.usageHelp(true).description("Print usage").build());
        }
        // A subcommand's aliases map to the same CommandLine: the check above adds the option once.
        command.getSubcommands().values().forEach(HelpOptions::addTo);
    }
}
