package io.jocker.cli;

import io.jocker.engine.base.Version;

/** The {@code jocker} entry point. {@code version} is answered before picocli or the engine load. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("version") || args[0].equals("--version"))) {
            System.out.println(versionLine());
            System.exit(0);
        }
        // One line per log record, on stderr, like Docker's daemon log lines.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        System.exit(Cli.execute(args));
    }

    static String versionLine() {
        return "jocker version " + Version.get() + ", java " + System.getProperty("java.runtime.version");
    }
}
