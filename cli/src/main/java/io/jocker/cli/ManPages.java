package io.jocker.cli;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page (troff, {@code man 7 man}) of one command of the picocli model: name, synopsis,
 * description, options, arguments and subcommands, in the words {@code --help} uses.
 */
final class ManPages {

    private ManPages() {}

    /** The page's file name: {@code jocker-container-ls.1}. */
    static String fileName(CommandSpec spec) {
        return spec.qualifiedName("-") + ".1";
    }

    static String page(CommandSpec spec, String version) {
        StringBuilder page = new StringBuilder();
        String title = spec.qualifiedName("-");
        page.append(".TH \"").append(title.toUpperCase(java.util.Locale.ROOT)).append("\" 1 \"\" \"jocker ").append(version)
                .append("\" \"jocker manual\"\n");
        page.append(".SH NAME\n").append(escape(title)).append(" \\- ").append(escape(description(spec))).append('\n');
        page.append(".SH SYNOPSIS\n.nf\n")
                .append(escape(new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                        .synopsis(0).strip()))
                .append("\n.fi\n");
        page.append(".SH DESCRIPTION\n").append(escape(description(spec))).append('\n');
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            page.append(".SH OPTIONS\n");
            for (OptionSpec option : options) {
                page.append(".TP\n").append(option.names().length == 0 ? "" : optionNames(option)).append('\n')
                        .append(escape(String.join(" ", option.description()))).append('\n');
            }
        }
        List<PositionalParamSpec> parameters = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!parameters.isEmpty()) {
            page.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec parameter : parameters) {
                page.append(".TP\n\\fI").append(escape(parameter.paramLabel())).append("\\fR\n")
                        .append(escape(String.join(" ", parameter.description()))).append('\n');
            }
        }
        Map<String, CommandLine> subcommands = spec.subcommands();
        if (!subcommands.isEmpty()) {
            page.append(".SH COMMANDS\n");
            subcommands.forEach((name, sub) -> {
                if (name.equals(sub.getCommandName())) {
                    page.append(".TP\n\\fB").append(escape(name)).append("\\fR\n").append(escape(description(sub.getCommandSpec())))
                            .append("\n.br\nSee \\fB").append(escape(ManPages.fileName(sub.getCommandSpec()).replaceAll("\\.1$", "")))
                            .append("\\fR(1).\n");
                }
            });
        }
        if (spec.parent() != null) {
            page.append(".SH SEE ALSO\n\\fB").append(escape(spec.parent().qualifiedName("-"))).append("\\fR(1)\n");
        }
        return page.toString();
    }

    private static String optionNames(OptionSpec option) {
        String names = java.util.Arrays.stream(option.names()).map(n -> "\\fB" + escape(n) + "\\fR").collect(Collectors.joining(", "));
        return option.arity().max() > 0 ? names + " \\fI" + escape(option.paramLabel()) + "\\fR" : names;
    }

    private static String description(CommandSpec spec) {
        return String.join(" ", spec.usageMessage().description());
    }

    /** Text troff prints as it is: backslashes and hyphens escaped, no line taken for a request. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        return escaped.lines().map(line -> line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line)
                .collect(Collectors.joining("\n"));
    }
}
