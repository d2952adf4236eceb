package io.jocker.seccomp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compiles resolved rules to a classic BPF seccomp filter for an x86_64 host.
 *
 * <p>Layout: the architecture in {@code seccomp_data} is checked first (an unknown one kills
 * the thread, libseccomp's default). On x86_64's audit architecture a number with the x32 bit
 * goes to the x32 section. Each section finds the call number by binary search over ranges of
 * numbers with the same outcome, so a call costs about ten comparisons, not one per rule. A call
 * with argument conditions gets its own block: each rule in profile order returns its action
 * when all its conditions hold; then the call's unconditional action, or the default. 64-bit
 * arguments are compared on their two 32-bit halves (high half first).
 */
final class BpfCompiler {

    private static final int OFFSET_NR = 0;
    private static final int OFFSET_ARCH = 4;
    private static final int OFFSET_ARGS = 16;
    private static final long WORD = 0xFFFFFFFFL;

    private final BpfAssembler asm = new BpfAssembler();
    private final Map<Integer, BpfAssembler.Label> returns = new HashMap<>();

    private BpfCompiler() {}

    static byte[] compile(FilterRules rules) {
        return new BpfCompiler().program(rules);
    }

    private byte[] program(FilterRules rules) {
        boolean x32 = rules.arches().contains(Arch.X32);
        List<Arch> audited = new ArrayList<>(List.of(Arch.X86_64));
        if (rules.arches().contains(Arch.X86)) {
            audited.add(Arch.X86);
        }
        asm.load(OFFSET_ARCH);
        Map<Arch, BpfAssembler.Label> sections = new LinkedHashMap<>();
        for (Arch arch : audited) {
            BpfAssembler.Label section = asm.label();
            BpfAssembler.Label next = asm.label();
            asm.jump(BpfAssembler.JEQ, arch.auditArch(), section, next);
            asm.place(next);
            sections.put(arch, section);
        }
        asm.ret(Actions.KILL_THREAD);
        for (Map.Entry<Arch, BpfAssembler.Label> section : sections.entrySet()) {
            asm.place(section.getValue());
            asm.load(OFFSET_NR);
            if (section.getKey() == Arch.X86_64) {
                BpfAssembler.Label native64 = asm.label();
                BpfAssembler.Label x32Section = x32 ? asm.label() : returnOf(Actions.KILL_THREAD);
                asm.jump(BpfAssembler.JGE, Arch.X32_SYSCALL_BIT, x32Section, native64);
                asm.place(native64);
                section(rules, Arch.X86_64);
                if (x32) {
                    asm.place(x32Section);
                    section(rules, Arch.X32);
                }
            } else {
                section(rules, section.getKey());
            }
        }
        for (Map.Entry<Integer, BpfAssembler.Label> ret : returns.entrySet()) {
            asm.place(ret.getValue());
            asm.ret(ret.getKey());
        }
        return asm.assemble();
    }

    /** The call number is in A. */
    private void section(FilterRules rules, Arch arch) {
        Map<Integer, CallRules> calls = new TreeMap<>(Integer::compareUnsigned);
        for (FilterRules.Rule rule : rules.rules()) {
            for (String name : rule.names()) {
                arch.number(name).ifPresent(nr -> calls.computeIfAbsent(nr, n -> new CallRules()).add(rule));
            }
        }
        List<Range> ranges = new ArrayList<>();
        ranges.add(new Range(0, Outcome.returning(rules.defaultAction())));
        List<Map.Entry<Integer, CallRules>> blocks = new ArrayList<>();
        for (Map.Entry<Integer, CallRules> call : calls.entrySet()) {
            int nr = call.getKey();
            CallRules callRules = call.getValue();
            Outcome outcome;
            if (callRules.conditional.isEmpty()) {
                outcome = Outcome.returning(callRules.fallback(rules.defaultAction()));
            } else {
                outcome = new Outcome(0, asm.label());
                blocks.add(Map.entry(nr, callRules));
                callRules.block = outcome.block();
            }
            addRange(ranges, nr, outcome);
            if (nr != -1) {
                addRange(ranges, nr + 1, Outcome.returning(rules.defaultAction()));
            }
        }
        search(ranges, 0, ranges.size());
        for (Map.Entry<Integer, CallRules> block : blocks) {
            asm.place(block.getValue().block);
            conditionalBlock(block.getValue(), rules.defaultAction(), arch.wideArguments());
        }
    }

    /** Appends a range from {@code start}, merged into the previous one when both return the same value. */
    private static void addRange(List<Range> ranges, int start, Outcome outcome) {
        Range last = ranges.get(ranges.size() - 1);
        if (last.start() == start) {
            ranges.set(ranges.size() - 1, new Range(start, outcome));
            last = ranges.size() > 1 ? ranges.get(ranges.size() - 2) : null;
            if (last != null && last.outcome().sameReturn(outcome)) {
                ranges.remove(ranges.size() - 1);
            }
        } else if (!last.outcome().sameReturn(outcome)) {
            ranges.add(new Range(start, outcome));
        }
    }

    /** Binary search over ranges[from, to) of the number in A; the label of its code. */
    private BpfAssembler.Label search(List<Range> ranges, int from, int to) {
        if (to - from == 1) {
            Outcome outcome = ranges.get(from).outcome();
            return outcome.block() != null ? outcome.block() : returnOf(outcome.value());
        }
        int middle = (from + to) >>> 1;
        BpfAssembler.Label here = asm.label();
        asm.place(here);
        Object jump = asm.jump(BpfAssembler.JGE, ranges.get(middle).start(), null, null);
        BpfAssembler.Label below = search(ranges, from, middle);
        BpfAssembler.Label above = search(ranges, middle, to);
        BpfAssembler.targets(jump, above, below);
        return here;
    }

    private BpfAssembler.Label returnOf(int value) {
        return returns.computeIfAbsent(value, v -> asm.label());
    }

    private void conditionalBlock(CallRules call, int defaultAction, boolean wide) {
        for (FilterRules.Rule rule : call.conditional) {
            BpfAssembler.Label nextRule = asm.label();
            for (FilterRules.Condition condition : rule.conditions()) {
                if (wide) {
                    wideCondition(condition, nextRule);
                } else {
                    narrowCondition(condition, nextRule);
                }
            }
            asm.ret(rule.action());
            asm.place(nextRule);
        }
        asm.jumpAlways(returnOf(call.fallback(defaultAction)));
    }

    /** Falls through when the 64-bit condition holds, else jumps to {@code fail}. */
    private void wideCondition(FilterRules.Condition c, BpfAssembler.Label fail) {
        int low = OFFSET_ARGS + 8 * c.index();
        int high = low + 4;
        int valueHigh = (int) (c.value() >>> 32);
        int valueLow = (int) (c.value() & WORD);
        BpfAssembler.Label pass = asm.label();
        BpfAssembler.Label lowHalf = asm.label();
        switch (c.op()) {
            case EQ, NE -> {
                BpfAssembler.Label equal = c.op() == FilterRules.Op.EQ ? pass : fail;
                BpfAssembler.Label differ = c.op() == FilterRules.Op.EQ ? fail : pass;
                asm.load(high);
                asm.jump(BpfAssembler.JEQ, valueHigh, lowHalf, differ);
                asm.place(lowHalf);
                asm.load(low);
                asm.jump(BpfAssembler.JEQ, valueLow, equal, differ);
            }
            case GT, GE -> {
                BpfAssembler.Label sameHigh = asm.label();
                asm.load(high);
                asm.jump(BpfAssembler.JGT, valueHigh, pass, sameHigh);
                asm.place(sameHigh);
                asm.jump(BpfAssembler.JEQ, valueHigh, lowHalf, fail);
                asm.place(lowHalf);
                asm.load(low);
                asm.jump(c.op() == FilterRules.Op.GT ? BpfAssembler.JGT : BpfAssembler.JGE, valueLow, pass, fail);
            }
            case LT, LE -> {
                BpfAssembler.Label sameHigh = asm.label();
                asm.load(high);
                asm.jump(BpfAssembler.JGT, valueHigh, fail, sameHigh);
                asm.place(sameHigh);
                asm.jump(BpfAssembler.JEQ, valueHigh, lowHalf, pass);
                asm.place(lowHalf);
                asm.load(low);
                // a < v is !(a >= v); a <= v is !(a > v).
                asm.jump(c.op() == FilterRules.Op.LT ? BpfAssembler.JGE : BpfAssembler.JGT, valueLow, fail, pass);
            }
            case MASKED_EQ -> {
                asm.load(high);
                asm.and(valueHigh);
                asm.jump(BpfAssembler.JEQ, (int) (c.valueTwo() >>> 32), lowHalf, fail);
                asm.place(lowHalf);
                asm.load(low);
                asm.and(valueLow);
                asm.jump(BpfAssembler.JEQ, (int) (c.valueTwo() & WORD), pass, fail);
            }
        }
        asm.place(pass);
    }

    /**
     * A 32-bit ABI's argument: only the low half is compared, its high half taken as zero (as
     * libseccomp does), so the high halves' comparison is decided here.
     */
    private void narrowCondition(FilterRules.Condition c, BpfAssembler.Label fail) {
        int low = OFFSET_ARGS + 8 * c.index();
        boolean valueHigh = (c.value() >>> 32) != 0;
        int valueLow = (int) (c.value() & WORD);
        BpfAssembler.Label pass = asm.label();
        switch (c.op()) {
            case EQ, GT, GE -> {
                if (valueHigh) {
                    asm.jumpAlways(fail);
                } else {
                    asm.load(low);
                    short code = c.op() == FilterRules.Op.EQ ? BpfAssembler.JEQ
                            : c.op() == FilterRules.Op.GT ? BpfAssembler.JGT : BpfAssembler.JGE;
                    asm.jump(code, valueLow, pass, fail);
                }
            }
            case NE, LT, LE -> {
                if (!valueHigh) {
                    asm.load(low);
                    short code = c.op() == FilterRules.Op.NE ? BpfAssembler.JEQ
                            : c.op() == FilterRules.Op.LT ? BpfAssembler.JGE : BpfAssembler.JGT;
                    asm.jump(code, valueLow, fail, pass);
                }
            }
            case MASKED_EQ -> {
                if ((c.valueTwo() >>> 32) != 0) {
                    asm.jumpAlways(fail);
                } else {
                    asm.load(low);
                    asm.and(valueLow);
                    asm.jump(BpfAssembler.JEQ, (int) (c.valueTwo() & WORD), pass, fail);
                }
            }
        }
        asm.place(pass);
    }

    /** A call number's outcome: a return value, or the label of its conditional block. */
    private record Outcome(int value, BpfAssembler.Label block) {
        static Outcome returning(int value) {
            return new Outcome(value, null);
        }

        boolean sameReturn(Outcome other) {
            return block == null && other.block == null && value == other.value;
        }
    }

    private record Range(int start, Outcome outcome) {}

    /** The rules naming one call: conditional ones in order, and the first unconditional one's action. */
    private static final class CallRules {
        final List<FilterRules.Rule> conditional = new ArrayList<>();
        Integer unconditional;
        BpfAssembler.Label block;

        void add(FilterRules.Rule rule) {
            if (!rule.conditions().isEmpty()) {
                conditional.add(rule);
            } else if (unconditional == null) {
                unconditional = rule.action();
            }
        }

        int fallback(int defaultAction) {
            return unconditional != null ? unconditional : defaultAction;
        }
    }
}
