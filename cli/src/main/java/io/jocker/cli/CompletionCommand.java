package io.jocker.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jocker completion bash}: prints a completion script for {@code source <(jocker completion bash)}. */
@Command(name = "completion", description = "Print a shell completion script (bash)")
final class CompletionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "The shell: bash")
    String shell;

    @Override
    public void run() {
        if (!"bash".equals(shell)) {
            throw new ParameterException(spec.commandLine(), "unsupported shell \"" + shell + "\" (supported: bash)");
        }
        spec.commandLine().getOut().print(AutoComplete.bash("jocker", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
