package io.jocker.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Runs a classic BPF seccomp program on a {@code struct seccomp_data}, written from the BPF
 * instruction set (linux/filter.h, Documentation/networking/filter.rst), not from the compiler:
 * the instructions a seccomp filter may use, each decoded from its class, size, mode and source.
 */
final class BpfInterpreter {

    private BpfInterpreter() {}

    /** seccomp_data: nr, arch, instruction_pointer, args[6]; little-endian as on x86. */
    static ByteBuffer data(int arch, int nr, long... args) {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(0, nr).putInt(4, arch).putLong(8, 0x400000L);
        for (int i = 0; i < args.length; i++) {
            data.putLong(16 + 8 * i, args[i]);
        }
        return data;
    }

    static int run(byte[] program, ByteBuffer data) {
        ByteBuffer insns = ByteBuffer.wrap(program).order(ByteOrder.LITTLE_ENDIAN);
        int count = program.length / 8;
        int a = 0;
        int x = 0;
        int[] scratch = new int[16];
        int pc = 0;
        while (true) {
            if (pc < 0 || pc >= count) {
                throw new AssertionError("program ran off its end at " + pc);
            }
            int code = insns.getShort(pc * 8) & 0xFFFF;
            int jt = insns.get(pc * 8 + 2) & 0xFF;
            int jf = insns.get(pc * 8 + 3) & 0xFF;
            int k = insns.getInt(pc * 8 + 4);
            pc++;
            int cls = code & 0x07;
            switch (cls) {
                case 0x00, 0x01 -> { // BPF_LD, BPF_LDX
                    int size = code & 0x18;
                    int mode = code & 0xE0;
                    int value = switch (mode) {
                        case 0x00 -> k; // BPF_IMM
                        case 0x20 -> { // BPF_ABS
                            if (size != 0x00 || k % 4 != 0 || k < 0 || k + 4 > 64) {
                                throw new AssertionError("seccomp allows only aligned 32-bit loads inside seccomp_data: " + k);
                            }
                            yield data.getInt(k);
                        }
                        case 0x60 -> scratch[k]; // BPF_MEM
                        case 0x80 -> 64; // BPF_LEN
                        default -> throw new AssertionError("unsupported load mode " + mode);
                    };
                    if (cls == 0x00) {
                        a = value;
                    } else {
                        x = value;
                    }
                }
                case 0x02 -> scratch[k] = a; // BPF_ST
                case 0x03 -> scratch[k] = x; // BPF_STX
                case 0x04 -> { // BPF_ALU
                    int operand = (code & 0x08) != 0 ? x : k;
                    a = switch (code & 0xF0) {
                        case 0x00 -> a + operand;
                        case 0x10 -> a - operand;
                        case 0x20 -> a * operand;
                        case 0x30 -> Integer.divideUnsigned(a, operand);
                        case 0x40 -> a | operand;
                        case 0x50 -> a & operand;
                        case 0x60 -> a << operand;
                        case 0x70 -> a >>> operand;
                        case 0x80 -> -a;
                        case 0x90 -> Integer.remainderUnsigned(a, operand);
                        case 0xA0 -> a ^ operand;
                        default -> throw new AssertionError("unsupported ALU op " + code);
                    };
                }
                case 0x05 -> { // BPF_JMP
                    int op = code & 0xF0;
                    if (op == 0x00) { // BPF_JA
                        pc += k;
                    } else {
                        int operand = (code & 0x08) != 0 ? x : k;
                        boolean taken = switch (op) {
                            case 0x10 -> a == operand;
                            case 0x20 -> Integer.compareUnsigned(a, operand) > 0;
                            case 0x30 -> Integer.compareUnsigned(a, operand) >= 0;
                            case 0x40 -> (a & operand) != 0;
                            default -> throw new AssertionError("unsupported jump " + code);
                        };
                        pc += taken ? jt : jf;
                    }
                }
                case 0x06 -> { // BPF_RET
                    return (code & 0x18) == 0x10 ? a : k;
                }
                case 0x07 -> { // BPF_MISC
                    if ((code & 0xF8) == 0x00) {
                        x = a;
                    } else {
                        a = x;
                    }
                }
                default -> throw new AssertionError("unknown class " + cls);
            }
        }
    }
}
