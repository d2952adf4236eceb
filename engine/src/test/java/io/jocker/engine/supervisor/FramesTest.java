package io.jocker.engine.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void argumentsSurviveSpacesPercentSignsEmptyAndNonAscii() {
        List<String> args = List.of("--root", "/tmp/a b", "logs", "", "100%", "héllo", "+");
        String encoded = Frames.encodeArgs(args);
        assertEquals(-1, encoded.indexOf('\n'));
        assertEquals(args, Frames.decodeArgs(encoded));
    }

    @Test
    void bothStreamsAndTheExitStatusArriveInOrder() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        OutputStream out = Frames.stream(wire, Frames.STDOUT);
        OutputStream err = Frames.stream(wire, Frames.STDERR);
        out.write("one\n".getBytes(StandardCharsets.UTF_8));
        err.write("two\n".getBytes(StandardCharsets.UTF_8));
        out.write(new byte[0]);
        out.write('3');
        Frames.writeExit(wire, 137);
        ByteArrayOutputStream gotOut = new ByteArrayOutputStream();
        ByteArrayOutputStream gotErr = new ByteArrayOutputStream();
        assertEquals(137, Frames.copy(new ByteArrayInputStream(wire.toByteArray()), gotOut, gotErr));
        assertEquals("one\n3", gotOut.toString(StandardCharsets.UTF_8));
        assertEquals("two\n", gotErr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTruncatedOrForeignStreamIsAnError() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Frames.stream(wire, Frames.STDOUT).write("data".getBytes(StandardCharsets.UTF_8));
        byte[] complete = wire.toByteArray();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThrows(IOException.class, () -> Frames.copy(new ByteArrayInputStream(complete), sink, sink));
        byte[] cut = Arrays.copyOf(complete, complete.length - 2);
        assertThrows(IOException.class, () -> Frames.copy(new ByteArrayInputStream(cut), sink, sink));
        byte[] foreign = "ok\n".getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> Frames.copy(new ByteArrayInputStream(foreign), sink, sink));
    }
}
