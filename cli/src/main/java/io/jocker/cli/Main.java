package io.jocker.cli;

import io.jocker.engine.Version;
import java.util.OptionalInt;

/** The {@code jocker} entry point. {@code version} is answered before picocli or the engine load. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("version") || args[0].equals("--version"))) {
            System.out.println(versionLine());
            System.exit(0);
        }
        OptionalInt fast = FastPath.run(args);
        if (fast.isPresent()) {
            System.exit(fast.getAsInt());
        }
        System.exit(Cli.execute(args));
    }

    static String versionLine() {
        return "jocker version " + Version.get() + ", java " + Runtime.version();
    }
}
