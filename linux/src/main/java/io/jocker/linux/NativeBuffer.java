package io.jocker.linux;

import com.sun.jna.Memory;
import java.nio.ByteBuffer;

/**
 * A direct byte buffer in native memory that {@link #close} frees at once. A JDK direct buffer is
 * freed only when a garbage collection finds it unreachable, which in the long-lived supervisor
 * can be much later; a large buffer per command would add up meanwhile.
 */
public final class NativeBuffer implements AutoCloseable {

    private final Memory memory;
    private final ByteBuffer bytes;

    public NativeBuffer(int size) {
        this.memory = new Memory(size);
        this.bytes = memory.getByteBuffer(0, size);
    }

    /** The buffer; it must not be used after {@link #close}. */
    public ByteBuffer bytes() {
        return bytes;
    }

    @Override
    public void close() {
        memory.close();
    }
}
