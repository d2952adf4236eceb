package io.jocker.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The config's hooks that run in the runtime's namespaces: {@code prestart} and {@code
 * createRuntime} once the container's namespaces exist, {@code poststart} after start,
 * {@code poststop} on delete; each with the container's state JSON on its stdin, its own
 * environment only, and its timeout. {@code createContainer} and {@code startContainer}, which
 * run inside the container, are refused by {@link ConfigMapper}.
 */
final class Hooks {

    /** One hook: {@code args[0]} is its argv[0]; the JVM can set only the path, so the rest follow it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Hook(String path, List<String> args, List<String> env, Integer timeout) {}

    static final Hooks NONE = new Hooks(Map.of());

    private final Map<String, List<Hook>> byPhase;

    private Hooks(Map<String, List<Hook>> byPhase) {
        this.byPhase = Map.copyOf(byPhase);
    }

    /** The config's hooks, checked: absolute paths, positive timeouts. */
    static Hooks of(OciConfig.Hooks hooks, ObjectMapper mapper) throws OciException {
        if (hooks == null) {
            return NONE;
        }
        Map<String, JsonNode> phases = new LinkedHashMap<>();
        phases.put("prestart", hooks.prestart());
        phases.put("createRuntime", hooks.createRuntime());
        phases.put("poststart", hooks.poststart());
        phases.put("poststop", hooks.poststop());
        Map<String, List<Hook>> parsed = new HashMap<>();
        for (Map.Entry<String, JsonNode> phase : phases.entrySet()) {
            if (phase.getValue() == null || phase.getValue().isNull()) {
                continue;
            }
            List<Hook> list;
            try {
                list = mapper.convertValue(phase.getValue(), new TypeReference<List<Hook>>() {});
            } catch (IllegalArgumentException e) {
                throw new OciException("hooks." + phase.getKey() + " is malformed");
            }
            for (Hook hook : list) {
                if (hook.path() == null || !hook.path().startsWith("/")) {
                    throw new OciException("hooks." + phase.getKey() + ": path \"" + hook.path() + "\" is not absolute");
                }
                if (hook.timeout() != null && hook.timeout() <= 0) {
                    throw new OciException("hooks." + phase.getKey() + ": timeout must be positive");
                }
            }
            parsed.put(phase.getKey(), List.copyOf(list));
        }
        return new Hooks(parsed);
    }

    /** Runs the phase's hooks in order; the first to fail (exit status, timeout) stops them with its reason. */
    void run(String phase, byte[] state) throws OciException {
        for (Hook hook : byPhase.getOrDefault(phase, List.of())) {
            runOne(phase, hook, state);
        }
    }

    /** As {@link #run}, but every hook runs and failures are only reported: poststart and poststop. */
    void runWarning(String phase, byte[] state, OciLog log) {
        for (Hook hook : byPhase.getOrDefault(phase, List.of())) {
            try {
                runOne(phase, hook, state);
            } catch (OciException e) {
                log.warn(e.getMessage());
            }
        }
    }

    private static void runOne(String phase, Hook hook, byte[] state) throws OciException {
        List<String> command = new ArrayList<>();
        command.add(hook.path());
        if (hook.args() != null && hook.args().size() > 1) {
            command.addAll(hook.args().subList(1, hook.args().size()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true);
        builder.environment().clear();
        for (String entry : hook.env() == null ? List.<String>of() : hook.env()) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                builder.environment().put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        String name = phase + " hook " + hook.path();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new OciException(name + " cannot run: " + e.getMessage(), e);
        }
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(state);
        } catch (IOException e) {
            // A hook that does not read its stdin is free to close it.
        }
        try {
            boolean ended = hook.timeout() == null ? waitFor(process) : process.waitFor(hook.timeout(), TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor();
                throw new OciException(name + " did not finish within " + hook.timeout() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new OciException(name + " was interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new OciException(name + " failed with exit status " + process.exitValue());
        }
    }

    private static boolean waitFor(Process process) throws InterruptedException {
        process.waitFor();
        return true;
    }
}
