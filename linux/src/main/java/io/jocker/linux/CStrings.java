package io.jocker.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * C strings encoded as UTF-8 regardless of the JVM's locale (a container init runs with a
 * minimal environment, where the default charset may be ASCII).
 */
public final class CStrings {

    private CStrings() {}

    /** A NUL-terminated UTF-8 copy of {@code s}. Refuses embedded NULs, which C would truncate. */
    public static byte[] of(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] c = new byte[utf8.length + 1];
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == 0) {
                throw new IllegalArgumentException("string contains a NUL character: " + s.replace('\0', '?'));
            }
            c[i] = utf8[i];
        }
        return c;
    }

    /** A NULL-terminated {@code char *[]} (argv, envp) in native memory. */
    public static Memory array(List<String> strings) {
        byte[][] encoded = new byte[strings.size()][];
        long total = 0;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = of(strings.get(i));
            total += encoded[i].length;
        }
        long pointers = (long) (encoded.length + 1) * Native.POINTER_SIZE;
        Memory memory = new Memory(pointers + Math.max(total, 1));
        long offset = pointers;
        for (int i = 0; i < encoded.length; i++) {
            memory.write(offset, encoded[i], 0, encoded[i].length);
            memory.setPointer((long) i * Native.POINTER_SIZE, memory.share(offset));
            offset += encoded[i].length;
        }
        memory.setPointer((long) encoded.length * Native.POINTER_SIZE, Pointer.NULL);
        return memory;
    }
}
