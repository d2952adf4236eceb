package io.jocker.spi;

import java.util.List;

/**
 * A process to run: arguments exactly as given, the complete environment (nothing is inherited
 * from the caller), a working directory and user inside the container.
 *
 * @param args the command and its arguments; {@code args.get(0)} without a slash is looked up in
 *     the {@code PATH} of {@code env}, inside the container
 * @param env {@code KEY=VALUE} entries, the whole environment
 * @param cwd the absolute working directory inside the container
 * @param user the credentials
 */
public record ProcessSpec(List<String> args, List<String> env, String cwd, User user) {

    public ProcessSpec {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("no command specified");
        }
        args = List.copyOf(args);
        env = List.copyOf(env);
    }
}
