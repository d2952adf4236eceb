package io.jocker.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The ancillary data of sendmsg(2) and recvmsg(2) that carries file descriptors ({@code
 * SCM_RIGHTS}), laid out as the kernel's {@code struct cmsghdr} on 64-bit Linux: a {@code size_t}
 * length, an {@code int} level and type, the data, padding to the next 8 bytes.
 */
public final class ControlMessages {

    static final int SOL_SOCKET = 1;
    static final int SCM_RIGHTS = 1;
    private static final int HEADER = 16;
    private static final int ALIGN = 8;

    private ControlMessages() {}

    /** {@code CMSG_LEN}: the header and {@code dataLength} bytes, without the trailing padding. */
    static int length(int dataLength) {
        return HEADER + dataLength;
    }

    /** {@code CMSG_SPACE}: what one message of {@code dataLength} bytes takes, padding included. */
    static int space(int dataLength) {
        return HEADER + (dataLength + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** One {@code SCM_RIGHTS} message passing {@code fds}. */
    public static byte[] rights(int... fds) {
        ByteBuffer message = ByteBuffer.allocate(space(fds.length * Integer.BYTES)).order(ByteOrder.nativeOrder());
        message.putLong(length(fds.length * Integer.BYTES)).putInt(SOL_SOCKET).putInt(SCM_RIGHTS);
        for (int fd : fds) {
            message.putInt(fd);
        }
        return message.array();
    }

    /**
     * The fds of every {@code SCM_RIGHTS} message among the first {@code length} bytes of {@code
     * control} (what recvmsg reported in {@code msg_controllen}); other messages are skipped.
     */
    public static int[] fdsIn(byte[] control, int length) throws LinuxException {
        ByteBuffer messages = ByteBuffer.wrap(control, 0, length).order(ByteOrder.nativeOrder());
        int[] fds = new int[0];
        int offset = 0;
        while (offset + HEADER <= length) {
            long messageLength = messages.getLong(offset);
            if (messageLength < HEADER || offset + messageLength > length) {
                throw new LinuxException("recvmsg", "a control message of " + messageLength + " bytes at offset " + offset
                        + " of " + length, Errno.EINVAL);
            }
            int level = messages.getInt(offset + 8);
            int type = messages.getInt(offset + 12);
            if (level == SOL_SOCKET && type == SCM_RIGHTS) {
                int count = (int) (messageLength - HEADER) / Integer.BYTES;
                int[] more = new int[fds.length + count];
                System.arraycopy(fds, 0, more, 0, fds.length);
                for (int i = 0; i < count; i++) {
                    more[fds.length + i] = messages.getInt(offset + HEADER + i * Integer.BYTES);
                }
                fds = more;
            }
            offset += space((int) messageLength - HEADER);
        }
        return fds;
    }
}
