package io.jocker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script from the picocli model (picocli writes bash and zsh only): each
 * command and group completes after its parents, each option after its command, with the
 * descriptions {@code --help} shows.
 */
final class FishCompletion {

    private FishCompletion() {}

    static String script(CommandLine root) {
        StringBuilder script = new StringBuilder("# fish completion for jocker, generated from its command line model\n");
        script.append("complete -c jocker -f\n");
        add(script, root, List.of());
        return script.toString();
    }

    private static void add(StringBuilder script, CommandLine command, List<String> path) {
        String at = condition(path, command.getSubcommands().keySet());
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (option.hidden()) {
                continue;
            }
            StringBuilder line = new StringBuilder("complete -c jocker -n ").append(quote(at));
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    line.append(" -l ").append(name.substring(2));
                } else if (name.length() == 2) {
                    line.append(" -s ").append(name.substring(1));
                } else {
                    line.append(" -o ").append(name.substring(1));
                }
            }
            if (option.arity().max() > 0) {
                line.append(" -r");
            }
            script.append(line).append(" -d ").append(quote(String.join(" ", option.description()))).append('\n');
        }
        for (Map.Entry<String, CommandLine> entry : command.getSubcommands().entrySet()) {
            CommandSpec sub = entry.getValue().getCommandSpec();
            script.append("complete -c jocker -n ").append(quote(at)).append(" -a ").append(quote(entry.getKey()))
                    .append(" -d ").append(quote(String.join(" ", sub.usageMessage().description()))).append('\n');
            if (entry.getKey().equals(entry.getValue().getCommandName())) {
                List<String> longer = new ArrayList<>(path);
                longer.add(entry.getKey());
                add(script, entry.getValue(), longer);
            }
        }
    }

    /** True where the words so far are {@code path} and no subcommand of it yet. */
    private static String condition(List<String> path, Iterable<String> subcommands) {
        List<String> tests = new ArrayList<>();
        if (path.isEmpty()) {
            tests.add("__fish_use_subcommand");
        } else {
            path.forEach(name -> tests.add("__fish_seen_subcommand_from " + name));
        }
        List<String> names = new ArrayList<>();
        subcommands.forEach(names::add);
        if (!path.isEmpty() && !names.isEmpty()) {
            tests.add("not __fish_seen_subcommand_from " + String.join(" ", names));
        }
        return String.join("; and ", tests);
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
