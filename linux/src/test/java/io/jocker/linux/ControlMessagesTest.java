package io.jocker.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The cmsghdr layout of SCM_RIGHTS, against the values of glibc's CMSG_LEN and CMSG_SPACE on x86_64. */
class ControlMessagesTest {

    @Test
    void oneDescriptorIsALengthOf20PaddedTo24() {
        byte[] message = ControlMessages.rights(7);
        assertEquals(24, message.length, "CMSG_SPACE(sizeof(int))");
        ByteBuffer fields = ByteBuffer.wrap(message).order(ByteOrder.nativeOrder());
        assertEquals(20, fields.getLong(0), "cmsg_len is CMSG_LEN(sizeof(int)), without the padding");
        assertEquals(1, fields.getInt(8), "SOL_SOCKET");
        assertEquals(1, fields.getInt(12), "SCM_RIGHTS");
        assertEquals(7, fields.getInt(16));
        assertEquals(0, fields.getInt(20));
    }

    @Test
    void twoDescriptorsNeedNoPadding() {
        byte[] message = ControlMessages.rights(3, 4);
        assertEquals(24, message.length);
        assertEquals(24, ByteBuffer.wrap(message).order(ByteOrder.nativeOrder()).getLong(0));
    }

    @Test
    void descriptorsAreReadBackFromEveryRightsMessageAndOtherMessagesAreSkipped() throws LinuxException {
        ByteBuffer control = ByteBuffer.allocate(24 + 32 + 24).order(ByteOrder.nativeOrder());
        control.put(ControlMessages.rights(5));
        // SCM_CREDENTIALS (type 2) with 12 bytes of data: skipped, padded to 32 in all.
        control.putLong(28).putInt(1).putInt(2).putInt(1).putInt(0).putInt(0).putInt(0);
        control.put(ControlMessages.rights(9));
        assertArrayEquals(new int[] {5, 9}, ControlMessages.fdsIn(control.array(), 80));
    }

    @Test
    void aMessageLongerThanWhatWasReceivedIsRefused() throws LinuxException {
        byte[] message = ControlMessages.rights(5);
        assertThrows(LinuxException.class, () -> ControlMessages.fdsIn(message, 18));
        assertArrayEquals(new int[0], ControlMessages.fdsIn(message, 15), "a header cut short is no message");
    }
}
