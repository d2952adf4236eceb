package io.jocker.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The C library all bindings register against. Each binding class registers its own few
 * functions on first use, so a process loads only the groups it calls.
 */
final class Libc {

    private static final NativeLibrary LIBRARY = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);

    private Libc() {}

    static void register(Class<?> bindings) {
        Native.register(bindings, LIBRARY);
    }
}
