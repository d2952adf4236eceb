package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.jocker.engine.Engine;
import io.jocker.engine.EngineConfig;
import io.jocker.engine.image.Digests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which command lines a supervisor runs itself, and which it leaves to the client's own JVM. */
class ServedCommandsTest {

    @TempDir
    Path root;

    private ServedCommands served;

    @BeforeEach
    void engineForThisRoot() {
        Engine engine = mock(Engine.class);
        when(engine.service(EngineConfig.class)).thenReturn(new EngineConfig(root, List.of(), "auto", "auto", "auto", "auto"));
        served = new ServedCommands(engine);
    }

    @Test
    void servesCommandsThatNeedNoTerminalForItsOwnRootOnly() {
        assertTrue(serves("images"));
        assertTrue(serves("ps", "-a"));
        assertTrue(serves("run", "-d", "busybox", "true"));
        assertTrue(serves("run", "busybox", "true"));
        assertTrue(serves("exec", "box", "true"));
        assertTrue(serves("save", "-o", "x.tar", "busybox"));
        assertFalse(served.serves(List.of("--root", root.resolve("other").toString(), "images")), "another root");
        assertFalse(served.serves(List.of("images")), "no root first");
        assertFalse(serves("pull", "busybox"), "not a served command");
        assertFalse(serves("volume", "ls"), "not a served command");
    }

    @Test
    void leavesWhatNeedsTheCallersTerminalOrStdinToTheClient() {
        assertFalse(serves("run", "-it", "busybox", "sh"));
        assertFalse(serves("run", "-i", "busybox", "cat"));
        assertFalse(serves("exec", "-t", "box", "sh"));
        assertFalse(serves("start", "-a", "box"));
        assertFalse(serves("import", "-", "image"));
        assertFalse(serves("load"));
        assertEquals(Digests.isNativeSha256(), serves("load", "-i", "archive.tar"), "load hashes: served with OpenSSL only");
        assertEquals(Digests.isNativeSha256(), serves("import", "image.tar", "image"), "import hashes: served with OpenSSL only");
    }

    @Test
    void aMistakeInTheCommandLineIsLeftToTheCommandToReport() {
        assertTrue(serves("run", "--no-such-flag", "busybox"));
        assertTrue(serves("images", "--no-such-flag"));
    }

    @Test
    void usageHelpIsServedForEveryServedCommand() {
        for (String command : ServedCommands.COMMANDS) {
            assertEquals(!List.of("import", "load").contains(command) || Digests.isNativeSha256(), serves(command, "--help"), command);
        }
        assertTrue(serves("run", "-it", "--help"), "help attaches nothing");
    }

    private boolean serves(String... command) {
        List<String> args = new ArrayList<>(List.of("--root", root.toString()));
        args.addAll(List.of(command));
        return served.serves(args);
    }
}
