package io.jocker.supervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.supervisor.AttachFrames.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AttachFramesTest {

    @Test
    void framesRoundTripInOrder() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WritableByteChannel out = Channels.newChannel(bytes);
        byte[] text = "xhello\n".getBytes(StandardCharsets.UTF_8);
        AttachFrames.write(out, AttachFrames.encode(AttachFrames.STDOUT, text, 1, 6));
        AttachFrames.write(out, AttachFrames.encode(AttachFrames.STDERR, new byte[0], 0, 0));
        AttachFrames.write(out, AttachFrames.resize(50, 200));
        AttachFrames.write(out, AttachFrames.exit(137));

        AttachFrames.Reader reader = new AttachFrames.Reader(Channels.newChannel(new ByteArrayInputStream(bytes.toByteArray())));
        Frame stdout = reader.next().orElseThrow();
        assertEquals(AttachFrames.STDOUT, stdout.type());
        assertArrayEquals("hello\n".getBytes(StandardCharsets.UTF_8), stdout.payload());
        assertEquals(0, reader.next().orElseThrow().payload().length);
        Frame resize = reader.next().orElseThrow();
        assertEquals(50, resize.rows());
        assertEquals(200, resize.columns());
        assertEquals(137, reader.next().orElseThrow().exitCode());
        assertTrue(reader.next().isEmpty(), "a clean end between frames");
    }

    @Test
    void aTruncatedOrOversizedFrameIsAnError() throws IOException {
        ByteBuffer frame = AttachFrames.encode(AttachFrames.STDIN, new byte[10], 0, 10);
        byte[] cut = Arrays.copyOf(frame.array(), 8);
        assertThrows(EOFException.class, () -> new AttachFrames.Reader(channel(cut)).next());
        byte[] huge = ByteBuffer.allocate(5).put(AttachFrames.STDIN).putInt(AttachFrames.MAX_PAYLOAD + 1).array();
        assertThrows(IOException.class, () -> new AttachFrames.Reader(channel(huge)).next());
        assertThrows(IllegalArgumentException.class,
                () -> AttachFrames.encode(AttachFrames.STDIN, new byte[AttachFrames.MAX_PAYLOAD + 1], 0, AttachFrames.MAX_PAYLOAD + 1));
    }

    private static ReadableByteChannel channel(byte[] bytes) {
        return Channels.newChannel(new ByteArrayInputStream(bytes));
    }
}
