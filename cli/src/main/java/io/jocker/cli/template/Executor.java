package io.jocker.cli.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs a parsed template on a value, with Go's text/template semantics. */
final class Executor {

    /** Ends the innermost {@code range} iteration ({@code break}) or skips to the next ({@code continue}). */
    private static final class LoopControl extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean isBreak;

        LoopControl(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    private record Variable(String name, Object value) {}

    private static final int MAX_DEPTH = 100_000;

    private final Template template;
    private final Functions functions;
    private final boolean missingKeyError;
    private final StringBuilder out;
    private final List<Variable> variables = new ArrayList<>();
    private int depth;

    Executor(Template template, Functions functions, boolean missingKeyError, StringBuilder out) {
        this.template = template;
        this.functions = functions;
        this.missingKeyError = missingKeyError;
        this.out = out;
    }

    void run(Node.ListNode root, Object data) {
        variables.add(new Variable("$", data));
        walk(data, root);
    }

    private void walk(Object dot, Node node) {
        if (node instanceof Node.Text t) {
            out.append(t.text());
        } else if (node instanceof Node.Action a) {
            Object value = pipeline(dot, a.pipe());
            if (a.pipe().variables().isEmpty()) {
                print(a, value);
            }
        } else if (node instanceof Node.ListNode l) {
            for (Node n : l.nodes()) {
                walk(dot, n);
            }
        } else if (node instanceof Node.Branch b) {
            branch(dot, b);
        } else if (node instanceof Node.Break || node instanceof Node.Continue) {
            throw new LoopControl(node instanceof Node.Break);
        } else if (node instanceof Node.TemplateCall t) {
            call(dot, t);
        } else {
            throw new IllegalStateException("unknown node " + node);
        }
    }

    private void print(Node node, Object value) {
        if (value == null) {
            out.append("<no value>");
        } else if (value instanceof GoStruct || value instanceof Collection || value instanceof Map || value instanceof GoMap
                || value instanceof String || value instanceof Boolean || value instanceof Number || value instanceof GoNil) {
            out.append(GoFormat.sprint(value));
        } else {
            throw error(node, "can't print value of type " + GoValues.typeName(value));
        }
    }

    private void branch(Object dot, Node.Branch b) {
        int mark = variables.size();
        try {
            Object value = pipeline(dot, b.pipe());
            switch (b.kind()) {
                case IF -> walkEither(dot, GoValues.truth(value), b);
                case WITH -> walkEither(GoValues.truth(value) ? value : dot, GoValues.truth(value), b);
                case RANGE -> range(dot, b, value);
            }
        } finally {
            truncateVariables(mark);
        }
    }

    private void walkEither(Object dot, boolean truth, Node.Branch b) {
        if (truth) {
            walk(dot, b.list());
        } else if (b.elseList() != null) {
            walk(dot, b.elseList());
        }
    }

    private void range(Object dot, Node.Branch b, Object value) {
        int mark = variables.size();
        boolean any = false;
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                any = true;
                if (!iterate(b, (long) i, list.get(i), mark)) {
                    break;
                }
            }
        } else if (value instanceof Map<?, ?> m) {
            any = rangeMap(b, new TreeMap<>(m), mark);
        } else if (value instanceof GoMap m) {
            any = rangeMap(b, m.entries(), mark);
        } else if (GoValues.integer(value) != null) {
            long n = GoValues.integer(value);
            for (long i = 0; i < n; i++) {
                any = true;
                if (!iterate(b, i, i, mark)) {
                    break;
                }
            }
        } else if (value != null && value != GoNil.SLICE && value != GoNil.MAP) {
            throw error(b, "range can't iterate over " + GoFormat.sprint(value));
        }
        if (!any && b.elseList() != null) {
            walk(dot, b.elseList());
        }
    }

    private boolean rangeMap(Node.Branch b, Map<?, ?> sorted, int mark) {
        boolean any = false;
        for (Map.Entry<?, ?> e : sorted.entrySet()) {
            any = true;
            if (!iterate(b, e.getKey(), e.getValue(), mark)) {
                break;
            }
        }
        return any;
    }

    /** One iteration of a range; false after {@code break}. */
    private boolean iterate(Node.Branch b, Object key, Object element, int mark) {
        List<String> declared = b.pipe().variables();
        if (declared.size() == 1) {
            setVariable(declared.get(0), element, true);
        } else if (declared.size() == 2) {
            setVariable(declared.get(0), key, true);
            setVariable(declared.get(1), element, true);
        }
        try {
            walk(element, b.list());
        } catch (LoopControl control) {
            if (control.isBreak) {
                return false;
            }
        } finally {
            truncateVariables(mark);
        }
        return true;
    }

    private void call(Object dot, Node.TemplateCall t) {
        Node.ListNode body = template.definition(t.name());
        if (body == null) {
            throw error(t, "no such template \"" + t.name() + "\"");
        }
        if (++depth > MAX_DEPTH) {
            throw error(t, "exceeded maximum template depth (" + MAX_DEPTH + ")");
        }
        Object data = t.pipe() == null ? null : pipeline(dot, t.pipe());
        List<Variable> saved = new ArrayList<>(variables);
        variables.clear();
        variables.add(new Variable("$", data));
        try {
            walk(data, body);
        } finally {
            variables.clear();
            variables.addAll(saved);
            depth--;
        }
    }

    private Object pipeline(Object dot, Node.Pipe pipe) {
        Object value = null;
        boolean hasFinal = false;
        for (Node.Command command : pipe.commands()) {
            value = command(dot, command, value, hasFinal);
            hasFinal = true;
        }
        for (String name : pipe.variables()) {
            setVariable(name, value, pipe.assign());
        }
        return value;
    }

    private void setVariable(String name, Object value, boolean assign) {
        if (assign) {
            for (int i = variables.size() - 1; i >= 0; i--) {
                if (variables.get(i).name().equals(name)) {
                    variables.set(i, new Variable(name, value));
                    return;
                }
            }
        }
        variables.add(new Variable(name, value));
    }

    private void truncateVariables(int mark) {
        while (variables.size() > mark) {
            variables.remove(variables.size() - 1);
        }
    }

    private Object variable(Node node, String name) {
        for (int i = variables.size() - 1; i >= 0; i--) {
            if (variables.get(i).name().equals(name)) {
                return variables.get(i).value();
            }
        }
        throw error(node, "undefined variable: " + name);
    }

    private Object command(Object dot, Node.Command command, Object finalValue, boolean hasFinal) {
        Node first = command.args().get(0);
        List<Node> args = command.args();
        if (first instanceof Node.Field f) {
            return fieldChain(dot, f, dot, f.names(), args, finalValue, hasFinal);
        } else if (first instanceof Node.Chain c) {
            return fieldChain(dot, c, argValue(dot, c.node()), c.fields(), args, finalValue, hasFinal);
        } else if (first instanceof Node.Variable v && !v.fields().isEmpty()) {
            return fieldChain(dot, v, variable(v, v.name()), v.fields(), args, finalValue, hasFinal);
        } else if (first instanceof Node.Identifier id) {
            return function(dot, command, id, args, finalValue, hasFinal);
        }
        notAFunction(command, first, hasFinal);
        return argValue(dot, first);
    }

    private void notAFunction(Node.Command command, Node first, boolean hasFinal) {
        if (command.args().size() > 1 || hasFinal) {
            throw error(command, "can't give argument to non-function " + first);
        }
    }

    private Object argValue(Object dot, Node node) {
        if (node instanceof Node.Dot) {
            return dot;
        } else if (node instanceof Node.Nil) {
            return null;
        } else if (node instanceof Node.Literal l) {
            return l.value();
        } else if (node instanceof Node.Field f) {
            return fieldChain(dot, f, dot, f.names(), List.of(f), null, false);
        } else if (node instanceof Node.Variable v) {
            Object base = variable(v, v.name());
            return v.fields().isEmpty() ? base : fieldChain(dot, v, base, v.fields(), List.of(v), null, false);
        } else if (node instanceof Node.Pipe p) {
            return pipeline(dot, p);
        } else if (node instanceof Node.Chain c) {
            return fieldChain(dot, c, argValue(dot, c.node()), c.fields(), List.of(c), null, false);
        } else if (node instanceof Node.Identifier id) {
            return function(dot, new Node.Command(id.pos(), List.of(id)), id, List.of(id), null, false);
        }
        throw error(node, "can't handle " + node + " as an argument");
    }

    private Object fieldChain(Object dot, Node node, Object receiver, List<String> names, List<Node> args, Object finalValue,
            boolean hasFinal) {
        Object current = receiver;
        for (int i = 0; i < names.size() - 1; i++) {
            current = field(dot, node, names.get(i), current, List.of(node), null, false);
        }
        return field(dot, node, names.get(names.size() - 1), current, args, finalValue, hasFinal);
    }

    private Object field(Object dot, Node node, String name, Object receiver, List<Node> args, Object finalValue,
            boolean hasFinal) {
        boolean hasArgs = args.size() > 1 || hasFinal;
        if (receiver == null) {
            if (missingKeyError) {
                throw error(node, "nil data; no entry for key \"" + name + "\"");
            }
            return null;
        } else if (receiver instanceof GoStruct s) {
            if (s.methodArity(name).isPresent()) {
                List<Object> values = evaluateArgs(dot, args, finalValue, hasFinal);
                int arity = s.methodArity(name).get();
                if (values.size() != arity) {
                    throw error(node, "wrong number of args for " + name + ": want " + arity + " got " + values.size());
                }
                try {
                    return s.callMethod(name, values);
                } catch (FunctionException e) {
                    throw callError(node, name, e);
                }
            }
            if (!s.hasField(name)) {
                throw error(node, "can't evaluate field " + name + " in type " + s.type());
            }
            if (hasArgs) {
                throw error(node, name + " has arguments but cannot be invoked as function");
            }
            return s.fields().get(name);
        } else if (receiver instanceof Map<?, ?> m) {
            return mapField(node, name, m, hasArgs);
        } else if (receiver instanceof GoMap m && m.methods().containsKey(name)) {
            try {
                return m.methods().get(name).call(evaluateArgs(dot, args, finalValue, hasFinal));
            } catch (FunctionException e) {
                throw callError(node, name, e);
            }
        } else if (receiver instanceof GoMap m) {
            return mapField(node, name, m.entries(), hasArgs);
        } else if (receiver == GoNil.MAP) {
            return mapField(node, name, Map.of(), hasArgs);
        } else if (receiver == GoNil.POINTER) {
            throw error(node, "nil pointer evaluating *struct." + name);
        }
        throw error(node, "can't evaluate field " + name + " in type " + GoValues.typeName(receiver));
    }

    private Object mapField(Node node, String name, Map<?, ?> map, boolean hasArgs) {
        if (hasArgs) {
            throw error(node, name + " is not a method but has arguments");
        }
        if (!map.containsKey(name) && missingKeyError) {
            throw error(node, "map has no entry for key \"" + name + "\"");
        }
        return map.get(name);
    }

    private List<Object> evaluateArgs(Object dot, List<Node> args, Object finalValue, boolean hasFinal) {
        List<Object> values = new ArrayList<>();
        for (Node arg : args.subList(1, args.size())) {
            values.add(argValue(dot, arg));
        }
        if (hasFinal) {
            values.add(finalValue);
        }
        return values;
    }

    private Object function(Object dot, Node.Command command, Node.Identifier id, List<Node> args, Object finalValue,
            boolean hasFinal) {
        Functions.Function function = functions.get(id.name());
        if (function == null) {
            throw error(id, "\"" + id.name() + "\" is not a defined function");
        }
        int count = args.size() - 1 + (hasFinal ? 1 : 0);
        if (count < function.minArgs() || (function.maxArgs() >= 0 && count > function.maxArgs())) {
            String want = function.maxArgs() < 0 ? "at least " + function.minArgs() : Integer.toString(function.minArgs());
            throw error(id, "wrong number of args for " + id.name() + ": want " + want + " got " + count);
        }
        if (Functions.SHORT_CIRCUIT.contains(id.name())) {
            return shortCircuit(dot, id.name().equals("and"), args, finalValue, hasFinal);
        }
        List<Object> values = evaluateArgs(dot, args, finalValue, hasFinal);
        try {
            return function.body().apply(values);
        } catch (FunctionException e) {
            throw callError(command, id.name(), e);
        }
    }

    /** {@code and} stops at its first false argument, {@code or} at its first true one, and gives that argument. */
    private Object shortCircuit(Object dot, boolean and, List<Node> args, Object finalValue, boolean hasFinal) {
        Object value = null;
        int count = args.size() - 1 + (hasFinal ? 1 : 0);
        for (int i = 0; i < count; i++) {
            value = i + 1 < args.size() ? argValue(dot, args.get(i + 1)) : finalValue;
            if (GoValues.truth(value) != and) {
                return value;
            }
        }
        return value;
    }

    private TemplateException callError(Node node, String name, FunctionException e) {
        return error(node, e.wrongArgument() ? e.getMessage() : "error calling " + name + ": " + e.getMessage());
    }

    private TemplateException error(Node node, String message) {
        return TemplateException.execution(template.name(), template.source(), node, message);
    }
}
