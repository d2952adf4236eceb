package io.jocker.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * SHA-256 by OpenSSL's libcrypto (its EVP API), as a {@link MessageDigest}. The JDK's own reaches
 * OpenSSL's speed only through an intrinsic of the C2 compiler, which the supervisor (and every
 * short-lived jocker JVM) runs without: there it hashes about ten times slower. A direct buffer
 * is hashed where it lies; an array passes through a native buffer of the digest's, so every
 * update of an array is a copy and one call. The native context exists from the first update to
 * the digest only, and the buffer from the first update of an array: the supervisor, a
 * long-lived JVM, must not keep a megabyte of native memory per digest until a garbage
 * collection happens to free it.
 */
public final class OpenSslSha256 extends MessageDigest {

    private static final int DIGEST_LENGTH = 32;
    /** Large enough that the copy and the call cost little beside the hashing. */
    private static final int BUFFER = 1 << 20;
    private static final Cleaner CLEANER = Cleaner.create();

    /** The context and buffer while a digest is under way, else null. */
    private Session state;

    /** The digest's context and, once an array has been hashed, its buffer; freed once ({@link #run}). */
    private static final class Session implements Runnable {
        private final Pointer context;
        /** Written by the digest's thread, freed perhaps by the cleaner's. */
        private volatile Memory buffer;
        private Cleaner.Cleanable cleanable;

        private Session(Pointer context) {
            this.context = context;
        }

        Memory buffer() {
            if (buffer == null) {
                buffer = new Memory(BUFFER);
            }
            return buffer;
        }

        /** Frees both: when the digest ends, or when an abandoned digest is collected. */
        @Override
        public void run() {
            Bindings.EVP_MD_CTX_free(context);
            if (buffer != null) {
                buffer.close();
            }
        }
    }

    private OpenSslSha256() {
        super("SHA-256");
    }

    /** A fresh digest, or empty when libcrypto.so.3 cannot be loaded (the caller then uses the JDK's). */
    public static Optional<MessageDigest> create() {
        return isAvailable() ? Optional.of(new OpenSslSha256()) : Optional.empty();
    }

    /** Whether libcrypto.so.3 is installed and loads; loads it on the first call. */
    public static boolean isAvailable() {
        return Holder.AVAILABLE;
    }

    @Override
    protected int engineGetDigestLength() {
        return DIGEST_LENGTH;
    }

    @Override
    protected void engineUpdate(byte input) {
        engineUpdate(new byte[] {input}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int length) {
        Session open = open();
        for (int done = 0; done < length; ) {
            int n = Math.min(BUFFER, length - done);
            Memory buffer = open.buffer();
            buffer.write(0, input, offset + done, n);
            check(Bindings.EVP_DigestUpdate(open.context, buffer, n), "EVP_DigestUpdate");
            done += n;
        }
    }

    /** A direct buffer (such as a {@link NativeBuffer}) is hashed in place, without a copy. */
    @Override
    protected void engineUpdate(ByteBuffer input) {
        if (!input.isDirect()) {
            super.engineUpdate(input);
            return;
        }
        Pointer start = Native.getDirectBufferPointer(input).share(input.position());
        check(Bindings.EVP_DigestUpdate(open().context, start, input.remaining()), "EVP_DigestUpdate");
        input.position(input.limit());
    }

    @Override
    protected byte[] engineDigest() {
        byte[] digest = new byte[DIGEST_LENGTH];
        try {
            check(Bindings.EVP_DigestFinal_ex(open().context, digest, null), "EVP_DigestFinal_ex");
        } finally {
            engineReset();
        }
        return digest;
    }

    @Override
    protected int engineDigest(byte[] out, int offset, int length) throws DigestException {
        if (length < DIGEST_LENGTH) {
            throw new DigestException("a SHA-256 digest needs " + DIGEST_LENGTH + " bytes, not " + length);
        }
        System.arraycopy(engineDigest(), 0, out, offset, DIGEST_LENGTH);
        return DIGEST_LENGTH;
    }

    @Override
    protected void engineReset() {
        if (state != null) {
            state.cleanable.clean();
            state = null;
        }
    }

    private Session open() {
        if (state != null) {
            return state;
        }
        Pointer context = Bindings.EVP_MD_CTX_new();
        if (context == null) {
            throw new OutOfMemoryError("EVP_MD_CTX_new failed");
        }
        state = new Session(context);
        state.cleanable = CLEANER.register(this, state);
        try {
            check(Bindings.EVP_DigestInit_ex(context, Bindings.EVP_sha256(), null), "EVP_DigestInit_ex");
        } catch (RuntimeException e) {
            engineReset();
            throw e;
        }
        return state;
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        throw new CloneNotSupportedException("an OpenSSL SHA-256 context is not cloned");
    }

    private static void check(int result, String function) {
        if (result != 1) {
            throw new IllegalStateException(function + " failed in libcrypto");
        }
    }

    /** Loads libcrypto once, on first use; its absence is an answer, not an error. */
    private static final class Holder {
        static final boolean AVAILABLE = load();

        private static boolean load() {
            try {
                Native.register(Bindings.class, NativeLibrary.getInstance("libcrypto.so.3"));
                return Bindings.EVP_sha256() != null;
            } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
                return false;
            }
        }
    }

    private static final class Bindings {
        static native Pointer EVP_MD_CTX_new();

        static native void EVP_MD_CTX_free(Pointer context);

        static native Pointer EVP_sha256();

        static native int EVP_DigestInit_ex(Pointer context, Pointer type, Pointer engine);

        static native int EVP_DigestUpdate(Pointer context, Pointer data, long count);

        static native int EVP_DigestFinal_ex(Pointer context, byte[] digest, Pointer length);
    }
}
