package io.jocker.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies {@code docker import --change} instructions (CMD, ENTRYPOINT, ENV, EXPOSE, WORKDIR,
 * USER, LABEL) to a {@link RunConfig}, parsing their JSON and shell forms as a Dockerfile does.
 */
public final class ChangeParser {

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
    /** Valid for Docker's commit and import, but not applied by jocker. */
    private static final Set<String> UNSUPPORTED = Set.of("onbuild", "volume", "stopsignal", "healthcheck");

    private final ObjectMapper mapper;

    public ChangeParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code base} with every change applied in order. */
    public RunConfig apply(RunConfig base, List<String> changes) throws InvalidChangeException {
        Builder config = new Builder(base);
        for (String change : changes) {
            String trimmed = change.strip();
            int space = indexOfWhitespace(trimmed);
            String instruction = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
            String arguments = space < 0 ? "" : trimmed.substring(space).strip();
            switch (instruction) {
                case "cmd" -> config.cmd = command("CMD", arguments);
                case "entrypoint" -> config.entrypoint = command("ENTRYPOINT", arguments);
                case "env" -> nameValues("ENV", arguments).forEach(config::putEnv);
                case "label" -> config.labels.putAll(nameValues("LABEL", arguments));
                case "expose" -> config.exposedPorts.addAll(ExposedPorts.parse(required("EXPOSE", arguments)));
                case "workdir" -> config.workingDir = workdir(config.workingDir, arguments);
                case "user" -> config.user = required("USER", arguments);
                default -> throw new InvalidChangeException(UNSUPPORTED.contains(instruction)
                        ? instruction.toUpperCase(Locale.ROOT) + " is not supported by jocker's --change"
                        : instruction + " is not a valid change command");
            }
        }
        return config.build();
    }

    /** The JSON form when the arguments are a JSON array of strings, otherwise the shell form. */
    private List<String> command(String instruction, String arguments) throws InvalidChangeException {
        if (arguments.startsWith("[")) {
            try {
                return mapper.readValue(arguments, STRING_LIST);
            } catch (JsonProcessingException e) {
                // Docker falls back to the shell form when the JSON form does not parse
            }
        }
        return List.of("/bin/sh", "-c", required(instruction, arguments));
    }

    /** {@code k=v k2="v 2"}, or the legacy {@code k value with spaces}. */
    private static Map<String, String> nameValues(String instruction, String arguments) throws InvalidChangeException {
        List<String> words = ShellWords.split(required(instruction, arguments));
        Map<String, String> values = new LinkedHashMap<>();
        if (!words.get(0).contains("=")) {
            int space = indexOfWhitespace(arguments);
            if (space < 0) {
                throw new InvalidChangeException(instruction + " must have two arguments");
            }
            values.put(words.get(0), arguments.substring(space).strip());
            return values;
        }
        for (String word : words) {
            int equals = word.indexOf('=');
            if (equals < 0) {
                throw new InvalidChangeException("Syntax error - can't find = in \"" + word
                        + "\". Must be of the form: name=value");
            }
            if (equals == 0) {
                throw new InvalidChangeException(instruction + " names can not be blank");
            }
            values.put(word.substring(0, equals), word.substring(equals + 1));
        }
        return values;
    }

    /** A relative WORKDIR continues from the previous one, as in a Dockerfile. */
    private static String workdir(String previous, String arguments) throws InvalidChangeException {
        String path = required("WORKDIR", arguments);
        Path base = Path.of(previous == null ? "/" : previous);
        return base.resolve(path).normalize().toString();
    }

    private static String required(String instruction, String arguments) throws InvalidChangeException {
        if (arguments.isEmpty()) {
            throw new InvalidChangeException(instruction + " requires at least one argument");
        }
        return arguments;
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The mutable state while changes are applied; {@link RunConfig} stays immutable. */
    private static final class Builder {
        List<String> cmd;
        List<String> entrypoint;
        final List<String> env;
        final Map<String, String> labels;
        final Set<String> exposedPorts;
        String user;
        String workingDir;

        Builder(RunConfig base) {
            cmd = base.cmd();
            entrypoint = base.entrypoint();
            env = base.env() == null ? new ArrayList<>() : new ArrayList<>(base.env());
            labels = base.labels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(base.labels());
            exposedPorts = new TreeSet<>(base.exposedPortKeys());
            user = base.user();
            workingDir = base.workingDir();
        }

        void putEnv(String name, String value) {
            env.removeIf(entry -> entry.startsWith(name + "="));
            env.add(name + "=" + value);
        }

        RunConfig build() {
            return new RunConfig(cmd, entrypoint, env.isEmpty() ? null : env, labels.isEmpty() ? null : labels, user,
                    workingDir, exposedPorts.isEmpty() ? null : ExposedPorts.of(List.copyOf(exposedPorts)));
        }
    }
}
