package io.jocker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jocker completion bash|zsh|fish}: prints a completion script, as the distribution's
 * {@code share/completion} holds them ({@code source <(jocker completion bash)}).
 */
@Command(name = "completion", description = "Print a shell completion script (bash, zsh or fish)")
final class CompletionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "The shell: bash, zsh or fish")
    String shell;

    @Override
    public void run() {
        String script = switch (shell) {
            case "bash", "zsh" -> Docs.bash(spec.root().commandLine());
            case "fish" -> FishCompletion.script(spec.root().commandLine());
            default -> throw new ParameterException(spec.commandLine(),
                    "unsupported shell \"" + shell + "\" (supported: bash, zsh, fish)");
        };
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
    }
}
