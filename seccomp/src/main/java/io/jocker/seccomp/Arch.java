package io.jocker.seccomp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The system call ABIs a filter on an x86_64 host covers. x86_64 and x32 share one audit
 * architecture: an x32 call has {@link #X32_SYSCALL_BIT} set in its number.
 */
enum Arch {
    X86_64("SCMP_ARCH_X86_64", 0xC000003E, 0, true, "x86_64.txt"),
    X32("SCMP_ARCH_X32", 0xC000003E, Arch.X32_SYSCALL_BIT, true, "x32.txt"),
    X86("SCMP_ARCH_X86", 0x40000003, 0, false, "x86.txt");

    static final int X32_SYSCALL_BIT = 0x40000000;

    private final String scmpName;
    private final int auditArch;
    private final int numberBit;
    private final boolean wideArguments;
    private final String table;
    private volatile Map<String, Integer> numbers;

    Arch(String scmpName, int auditArch, int numberBit, boolean wideArguments, String table) {
        this.scmpName = scmpName;
        this.auditArch = auditArch;
        this.numberBit = numberBit;
        this.wideArguments = wideArguments;
        this.table = table;
    }

    /** The libseccomp name, as profiles spell it. */
    String scmpName() {
        return scmpName;
    }

    /** The AUDIT_ARCH_* value of {@code seccomp_data.arch}. */
    int auditArch() {
        return auditArch;
    }

    /** Whether arguments are 64-bit (else only their low 32 bits are compared, as libseccomp does). */
    boolean wideArguments() {
        return wideArguments;
    }

    /** The number {@code seccomp_data.nr} holds for this call, if this ABI has it. */
    Optional<Integer> number(String name) {
        Integer n = numbers().get(name);
        return n == null ? Optional.empty() : Optional.of(n | numberBit);
    }

    static Optional<Arch> byScmpName(String name) {
        for (Arch arch : values()) {
            if (arch.scmpName.equals(name)) {
                return Optional.of(arch);
            }
        }
        return Optional.empty();
    }

    private Map<String, Integer> numbers() {
        Map<String, Integer> loaded = numbers;
        if (loaded == null) {
            loaded = load(table);
            numbers = loaded;
        }
        return loaded;
    }

    private static Map<String, Integer> load(String resource) {
        Map<String, Integer> numbers = new HashMap<>();
        try (InputStream in = Arch.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("system call table " + resource + " is missing from jocker's seccomp module");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] fields = line.trim().split(" +");
                    numbers.put(fields[0], Integer.parseInt(fields[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read system call table " + resource, e);
        }
        return numbers;
    }
}
