package io.jocker.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "spec", description = "Write a default config.json into the bundle directory.")
final class SpecCommand implements Callable<Integer> {

    static final String DEFAULT_CONFIG = "default-config.json";

    @ParentCommand
    RuncCommand globals;

    @Option(names = {"-b", "--bundle"}, description = "the bundle directory (default: the current directory)")
    Path bundle = Path.of("");

    @Option(names = "--rootless", description = "refused: jocker runs no user namespaces")
    boolean rootless;

    @Override
    public Integer call() {
        return globals.execute("spec", () -> {
            if (rootless) {
                throw new OciException("--rootless is not supported: jocker runs no user namespaces");
            }
            Path target = bundle.resolve(BundleReader.CONFIG);
            try (InputStream in = SpecCommand.class.getResourceAsStream(DEFAULT_CONFIG)) {
                if (in == null) {
                    throw new OciException("the default config is missing from jocker-runc");
                }
                Files.write(target, in.readAllBytes(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                throw new OciException("File " + target + " exists. Remove it first");
            } catch (IOException e) {
                throw new OciException("cannot write " + target + ": " + e.getMessage(), e);
            }
            return 0;
        });
    }
}
