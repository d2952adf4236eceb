package io.jocker.namespaces;

import com.sun.jna.Native;
import io.jocker.linux.Mounts;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of the container init JVM: this JVM's {@code java}, a class path of exactly
 * the jars (or class directories) holding the init, jocker-linux and JNA, and flags that make a
 * small, fast-starting JVM.
 */
final class InitCommand {

    /** Names a directory with a pre-extracted {@code libjnidispatch.so}, which spares the init the extraction. */
    static final String JNA_BOOT_PROPERTY = "jocker.jna.boot.library.path";

    /**
     * Names a class-data archive made for exactly this init command line (bin/jocker-cds builds
     * it and passes it only while it is fresh); the init then starts in about half the time.
     */
    static final String ARCHIVE_PROPERTY = "jocker.init.archive";

    /** Names a file the init writes its loaded classes to: the training run that the archive is made from. */
    static final String CLASS_LIST_PROPERTY = "jocker.init.classlist";

    /**
     * -Xint: the init runs each method about once, so compiling pays nothing back, and C1's
     * compiles during JNA's set-up cost a third of a spare init's CPU (measured: 150 against 100 ms).
     */
    static final List<String> FLAGS = List.of(
            "-Xint", "-XX:+UseSerialGC", "-Xss512k", "-Xmx64m", "-XX:-UsePerfData", "-Xshare:auto",
            // JDK 22+ warns on the container's stderr when JNA loads its library without this.
            "--enable-native-access=ALL-UNNAMED",
            "-Djna.platform.library.path=/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu");

    /**
     * The init's stdout and stderr are the container's: a stale or foreign archive is ignored
     * (-Xshare:auto), and no JVM log line may reach the user's output. Not even errors: JDK 25
     * logs an unusable archive as an error before it goes on without it.
     */
    private static final List<String> QUIET = List.of("-Xlog:disable");

    /** The init's whole environment: only what makes the JVM decode paths and arguments as UTF-8. */
    static final List<String> ENVIRONMENT = List.of("LC_ALL=C.UTF-8");

    private InitCommand() {}

    /** {@code java} of the running JVM. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The whole argv, starting with {@link #javaExecutable()}. */
    static List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(javaExecutable());
        argv.addAll(FLAGS);
        argv.addAll(QUIET);
        String classList = System.getProperty(CLASS_LIST_PROPERTY);
        String archive = System.getProperty(ARCHIVE_PROPERTY);
        if (classList != null && !classList.isBlank()) {
            argv.add("-Xshare:off");
            argv.add("-XX:DumpLoadedClassList=" + classList);
        } else if (archive != null && !archive.isBlank()) {
            argv.add("-XX:SharedArchiveFile=" + archive);
        }
        String boot = System.getProperty(JNA_BOOT_PROPERTY);
        if (boot != null && !boot.isBlank()) {
            argv.add("-Djna.boot.library.path=" + boot);
            argv.add("-Djna.nounpack=true");
        }
        argv.add("-cp");
        argv.add(classPath());
        argv.add(ContainerInit.class.getName());
        return argv;
    }

    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(ContainerInit.class, Mounts.class, Native.class)) {
            entries.add(location(c));
        }
        return String.join(":", entries);
    }

    private static String location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot find the jar of " + c.getName() + " for the container init");
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad location of " + c.getName() + ": " + source.getLocation(), e);
        }
    }
}
