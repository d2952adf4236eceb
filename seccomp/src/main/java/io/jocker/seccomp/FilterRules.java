package io.jocker.seccomp;

import java.util.List;

/**
 * A profile resolved for one host and one process: the architectures covered and the rules
 * that apply given its capabilities, the host's architecture and kernel, with actions as
 * filter return values.
 */
record FilterRules(int defaultAction, List<Arch> arches, List<Rule> rules) {

    FilterRules {
        arches = List.copyOf(arches);
        rules = List.copyOf(rules);
    }

    /** The calls {@code names} get {@code action} when every condition holds. */
    record Rule(List<String> names, int action, List<Condition> conditions) {
        Rule {
            names = List.copyOf(names);
            conditions = List.copyOf(conditions);
        }
    }

    /** {@code args[index] op value}, or {@code (args[index] & value) == valueTwo} for MASKED_EQ. */
    record Condition(int index, Op op, long value, long valueTwo) {}

    enum Op { NE, LT, LE, EQ, GE, GT, MASKED_EQ }
}
