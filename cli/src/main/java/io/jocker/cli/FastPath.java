package io.jocker.cli;

import io.jocker.engine.supervisor.Frames;
import io.jocker.engine.supervisor.SupervisorPaths;
import io.jocker.engine.supervisor.SupervisorProtocol;
import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The fast path of short commands: when a supervisor already runs for the root, {@code ps},
 * {@code logs}, {@code rm} and a few others are run by it (warm, wired) and this JVM only copies
 * the output, loading neither picocli, Guice nor Jackson. Anything unusual (other global options,
 * no supervisor, an older supervisor) takes the ordinary path.
 */
final class FastPath {

    static final Set<String> COMMANDS = Set.of("ps", "logs", "rm", "inspect", "wait", "stop", "kill");

    private FastPath() {}

    /** The exit status when the supervisor ran the command; empty to run it here instead. */
    static OptionalInt run(String[] args) {
        List<String> command = new ArrayList<>();
        Path root = Path.of(System.getenv().getOrDefault("JOCKER_ROOT", "/var/lib/jocker"));
        int i = 0;
        if (args.length > 1 && args[0].equals("--root")) {
            root = Path.of(args[1]);
            i = 2;
        } else if (args.length > 0 && args[0].startsWith("--root=")) {
            root = Path.of(args[0].substring("--root=".length()));
            i = 1;
        }
        if (i >= args.length || !COMMANDS.contains(args[i])) {
            return OptionalInt.empty();
        }
        Path socket = SupervisorPaths.under(root.toAbsolutePath()).socket();
        if (!Files.exists(socket)) {
            return OptionalInt.empty();
        }
        command.add("--root");
        command.add(root.toAbsolutePath().toString());
        command.addAll(List.of(args).subList(i, args.length));
        return ask(socket, command);
    }

    /** Whether the supervisor may run {@code args}: {@code --root DIR} and an allowed command. */
    static boolean serves(List<String> args) {
        return args.size() >= 3 && args.get(0).equals("--root") && COMMANDS.contains(args.get(2));
    }

    private static OptionalInt ask(Path socket, List<String> command) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        try (channel) {
            String request = SupervisorProtocol.VERSION + " " + SupervisorProtocol.CLI + " " + Frames.encodeArgs(command) + "\n";
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            in.mark(1);
            int first = in.read();
            if (first != Frames.STDOUT && first != Frames.STDERR && first != Frames.EXIT) {
                // No frames: a supervisor that is exiting, or one that does not know this request; nothing ran.
                return OptionalInt.empty();
            }
            in.reset();
            return OptionalInt.of(Frames.copy(in, new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err)));
        } catch (IOException e) {
            System.err.println("jocker: the supervisor stopped while running the command: " + e.getMessage());
            return OptionalInt.of(Cli.ENGINE_ERROR);
        }
    }
}
