package io.jocker.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Classic BPF with symbolic, forward-only jump targets. A conditional jump's offsets are 8-bit:
 * one that reaches further goes through an unconditional {@code ja} (32-bit offset) placed
 * right after it, which {@link #assemble} inserts until every offset fits.
 */
final class BpfAssembler {

    static final short LD_W_ABS = 0x20;
    static final short JEQ = 0x15;
    static final short JGT = 0x25;
    static final short JGE = 0x35;
    static final short JA = 0x05;
    static final short RET_K = 0x06;
    static final short AND_K = 0x54;

    /** The kernel's BPF_MAXINSNS. */
    static final int MAX_INSTRUCTIONS = 4096;
    private static final int MAX_SHORT_JUMP = 255;

    /** A place in the program; placed once, before or after the jumps that name it. */
    static final class Label {
        private int position = -1;
        private boolean placed;
    }

    private sealed interface Item permits Placed, Plain, Jump, Goto {}

    private record Placed(Label label) implements Item {}

    private record Plain(short code, int k) implements Item {}

    private record Goto(Label target) implements Item {}

    private static final class Jump implements Item {
        final short code;
        final int k;
        Label whenTrue;
        Label whenFalse;
        boolean longTrue;
        boolean longFalse;

        Jump(short code, int k, Label whenTrue, Label whenFalse) {
            this.code = code;
            this.k = k;
            this.whenTrue = whenTrue;
            this.whenFalse = whenFalse;
        }

        int size() {
            return 1 + (longTrue ? 1 : 0) + (longFalse ? 1 : 0);
        }
    }

    private final List<Item> items = new ArrayList<>();

    Label label() {
        return new Label();
    }

    /** Places {@code label} at the next instruction. */
    void place(Label label) {
        if (label.placed) {
            throw new IllegalStateException("label placed twice");
        }
        label.placed = true;
        items.add(new Placed(label));
    }

    /** {@code A = seccomp_data[offset]} (32 bits). */
    void load(int offset) {
        items.add(new Plain(LD_W_ABS, offset));
    }

    void and(int mask) {
        items.add(new Plain(AND_K, mask));
    }

    void ret(int value) {
        items.add(new Plain(RET_K, value));
    }

    /** {@code if (A code k) goto whenTrue else goto whenFalse}. Targets may be set later with {@link #targets}. */
    Object jump(short code, int k, Label whenTrue, Label whenFalse) {
        Jump jump = new Jump(code, k, whenTrue, whenFalse);
        items.add(jump);
        return jump;
    }

    /** Sets the targets of a jump made with null ones, once the code they lead to is laid out. */
    static void targets(Object jump, Label whenTrue, Label whenFalse) {
        Jump j = (Jump) jump;
        j.whenTrue = whenTrue;
        j.whenFalse = whenFalse;
    }

    void jumpAlways(Label target) {
        items.add(new Goto(target));
    }

    /** The program as an array of {@code struct sock_filter}, in the host's (little-endian) byte order. */
    byte[] assemble() {
        int size;
        boolean changed;
        do {
            layout();
            changed = false;
            int position = 0;
            for (Item item : items) {
                if (item instanceof Jump j) {
                    // Positions are those of the last layout: a jump made long above moves what follows, so repeat.
                    if (!j.longTrue && j.whenTrue.position - (position + 1) > MAX_SHORT_JUMP) {
                        j.longTrue = true;
                        changed = true;
                    }
                    if (!j.longFalse && j.whenFalse.position - (position + 1) > MAX_SHORT_JUMP) {
                        j.longFalse = true;
                        changed = true;
                    }
                    position += j.size();
                } else if (!(item instanceof Placed)) {
                    position++;
                }
            }
        } while (changed);
        size = layout();
        if (size > MAX_INSTRUCTIONS) {
            throw new IllegalStateException("the seccomp filter has " + size + " instructions, more than the kernel's "
                    + MAX_INSTRUCTIONS);
        }
        ByteBuffer out = ByteBuffer.allocate(size * 8).order(ByteOrder.LITTLE_ENDIAN);
        int position = 0;
        for (Item item : items) {
            if (item instanceof Plain p) {
                put(out, p.code, 0, 0, p.k);
                position++;
            } else if (item instanceof Goto g) {
                put(out, JA, 0, 0, offset(position, g.target));
                position++;
            } else if (item instanceof Jump j) {
                int trampoline = position + 1;
                int jt = j.longTrue ? 0 : offset(position, j.whenTrue);
                int jf = j.longFalse ? (j.longTrue ? 1 : 0) : offset(position, j.whenFalse);
                put(out, j.code, jt, jf, j.k);
                if (j.longTrue) {
                    put(out, JA, 0, 0, offset(trampoline, j.whenTrue));
                    trampoline++;
                }
                if (j.longFalse) {
                    put(out, JA, 0, 0, offset(trampoline, j.whenFalse));
                }
                position += j.size();
            }
        }
        return out.array();
    }

    /** Assigns every label its position; returns the program's length. */
    private int layout() {
        int position = 0;
        for (Item item : items) {
            if (item instanceof Placed p) {
                p.label.position = position;
            } else if (item instanceof Jump j) {
                position += j.size();
            } else {
                position++;
            }
        }
        return position;
    }

    /** The offset from the instruction after {@code from} to {@code target}; BPF jumps only forward. */
    private static int offset(int from, Label target) {
        if (target == null || target.position < 0) {
            throw new IllegalStateException("jump to a label that was never placed");
        }
        int offset = target.position - (from + 1);
        if (offset < 0) {
            throw new IllegalStateException("backward jump in a seccomp filter");
        }
        return offset;
    }

    private static void put(ByteBuffer out, short code, int jt, int jf, int k) {
        out.putShort(code).put((byte) jt).put((byte) jf).putInt(k);
    }
}
