package io.jocker.cli.template;

import java.util.List;
import java.util.stream.Collectors;

/** The parse tree of a template; {@code toString} gives the source form Go shows in its errors. */
sealed interface Node {

    int pos();

    record Text(int pos, String text) implements Node {}

    record Action(int pos, Pipe pipe) implements Node {
        @Override
        public String toString() {
            return "{{" + pipe + "}}";
        }
    }

    /** A pipeline, with the variables it declares ({@code $x :=}) or assigns ({@code $x =}). */
    record Pipe(int pos, List<String> variables, boolean assign, List<Command> commands) implements Node {
        @Override
        public String toString() {
            String declared = variables.isEmpty() ? "" : String.join(", ", variables) + (assign ? " = " : " := ");
            return declared + commands.stream().map(Command::toString).collect(Collectors.joining(" | "));
        }
    }

    record Command(int pos, List<Node> args) implements Node {
        @Override
        public String toString() {
            return args.stream().map(a -> a instanceof Pipe ? "(" + a + ")" : a.toString()).collect(Collectors.joining(" "));
        }
    }

    record Field(int pos, List<String> names) implements Node {
        @Override
        public String toString() {
            return names.stream().map(n -> "." + n).collect(Collectors.joining());
        }
    }

    /** {@code $x.A.B}: the variable and the fields after it. */
    record Variable(int pos, String name, List<String> fields) implements Node {
        @Override
        public String toString() {
            return name + fields.stream().map(n -> "." + n).collect(Collectors.joining());
        }
    }

    /** {@code (pipeline).A.B}. */
    record Chain(int pos, Node node, List<String> fields) implements Node {
        @Override
        public String toString() {
            String base = node instanceof Pipe ? "(" + node + ")" : node.toString();
            return base + fields.stream().map(n -> "." + n).collect(Collectors.joining());
        }
    }

    record Identifier(int pos, String name) implements Node {
        @Override
        public String toString() {
            return name;
        }
    }

    record Dot(int pos) implements Node {
        @Override
        public String toString() {
            return ".";
        }
    }

    record Nil(int pos) implements Node {
        @Override
        public String toString() {
            return "nil";
        }
    }

    /** A constant: a string, a number (Long or Double), a boolean, or a character (as a Long), with its source text. */
    record Literal(int pos, Object value, String source) implements Node {
        @Override
        public String toString() {
            return source;
        }
    }

    record ListNode(int pos, List<Node> nodes) implements Node {}

    /** {@code if}, {@code with} and {@code range}; {@code elseList} may be null. */
    record Branch(int pos, Kind kind, Pipe pipe, ListNode list, ListNode elseList) implements Node {
        enum Kind { IF, WITH, RANGE }
    }

    /** {@code {{end}}} and {@code {{else}}}: they only mark where a list ends while parsing. */
    record End(int pos) implements Node {}

    record Else(int pos) implements Node {}

    record Break(int pos) implements Node {}

    record Continue(int pos) implements Node {}

    /** {@code {{template "name" pipeline}}}; pipe may be null. */
    record TemplateCall(int pos, String name, Pipe pipe) implements Node {
        @Override
        public String toString() {
            return "{{template \"" + name + "\"" + (pipe == null ? "" : " " + pipe) + "}}";
        }
    }
}
