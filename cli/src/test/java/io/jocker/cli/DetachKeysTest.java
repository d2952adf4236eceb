package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DetachKeysTest {

    @Test
    void dockersNotationIsParsed() {
        assertEquals(DetachKeys.DEFAULT, DetachKeys.parse(null));
        assertArrayEquals(new byte[] {16, 17}, DetachKeys.parse("ctrl-p,ctrl-q").sequence());
        assertArrayEquals(new byte[] {'a', 0, 27, 28, 29, 30, 31, 127}, DetachKeys.parse("a,ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_,DEL").sequence());
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> DetachKeys.parse("ctrl-p,ctrl-1"));
        assertEquals("Invalid detach keys (ctrl-p,ctrl-1) provided: Unknown character: 'ctrl-1'", e.getMessage());
        assertThrows(InvalidRequestException.class, () -> DetachKeys.parse("ctrl-p,"));
        assertThrows(InvalidRequestException.class, () -> DetachKeys.parse("ab"));
    }

    @Test
    void theSequenceIsFoundAcrossReadsAndWithheld() {
        DetachKeys.Matcher matcher = DetachKeys.DEFAULT.matcher();
        DetachKeys.Scan first = scan(matcher, "ls\n\u0010");
        assertEquals("ls\n", text(first.forward()));
        assertFalse(first.detach());
        DetachKeys.Scan second = scan(matcher, "\u0011after");
        assertEquals("", text(second.forward()));
        assertTrue(second.detach());
    }

    @Test
    void aBrokenOffPartialMatchReachesTheContainer() {
        DetachKeys.Matcher matcher = DetachKeys.DEFAULT.matcher();
        DetachKeys.Scan scan = scan(matcher, "\u0010x\u0010\u0010");
        assertEquals("\u0010x\u0010", text(scan.forward()));
        assertFalse(scan.detach());
        assertEquals("\u0010", text(matcher.flush()));
        assertEquals("", text(matcher.flush()));
        assertTrue(scan(matcher, "y\u0010\u0011").detach());
    }

    private static DetachKeys.Scan scan(DetachKeys.Matcher matcher, String input) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        return matcher.scan(bytes, bytes.length);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
