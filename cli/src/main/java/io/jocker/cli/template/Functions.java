package io.jocker.cli.template;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The functions a template may call: Go's built-ins and the ones Docker adds ({@code json},
 * {@code split}, {@code join}, {@code title}, {@code lower}, {@code upper}, {@code pad},
 * {@code truncate}). Immutable; {@link #with} gives a copy with one function replaced.
 */
public final class Functions {

    /** A function body; it receives its arguments already evaluated. */
    @FunctionalInterface
    public interface Body {
        Object apply(List<Object> args);
    }

    /** A function with its argument count: {@code maxArgs} -1 takes any number from {@code minArgs}. */
    record Function(String name, int minArgs, int maxArgs, Body body) {}

    /** The built-ins the executor evaluates itself: their arguments are evaluated only as far as needed. */
    static final Set<String> SHORT_CIRCUIT = Set.of("and", "or");

    private static final Functions DOCKER = new Functions(new HashMap<>()).withGoBuiltins().withDockers();
    private static final Functions DOCKER_HEADERS = DOCKER
            .with("json", 1, args -> args.get(0))
            .with("split", 2, args -> args.get(0))
            .with("join", 2, args -> args.get(0))
            .with("title", 1, args -> args.get(0))
            .with("lower", 1, args -> args.get(0))
            .with("upper", 1, args -> args.get(0))
            .with("truncate", 2, args -> args.get(0));

    private final Map<String, Function> byName;

    private Functions(Map<String, Function> byName) {
        this.byName = byName;
    }

    /** Go's built-ins and Docker's functions, as {@code docker --format} has them. */
    public static Functions docker() {
        return DOCKER;
    }

    /**
     * What Docker executes a table's header with: the same template run on the column names,
     * with functions that leave a column name as it is (Docker's {@code HeaderFunctions}).
     */
    public static Functions dockerHeaders() {
        return DOCKER_HEADERS;
    }

    /** A copy with {@code name} defined as a function of {@code arity} arguments. */
    public Functions with(String name, int arity, Body body) {
        Map<String, Function> copy = new HashMap<>(byName);
        copy.put(name, new Function(name, arity, arity, body));
        return new Functions(copy);
    }

    Set<String> names() {
        return byName.keySet();
    }

    Function get(String name) {
        return byName.get(name);
    }

    private Functions add(String name, int minArgs, int maxArgs, Body body) {
        byName.put(name, new Function(name, minArgs, maxArgs, body));
        return this;
    }

    private Functions withGoBuiltins() {
        return add("and", 1, -1, null)
                .add("or", 1, -1, null)
                .add("not", 1, 1, args -> !GoValues.truth(args.get(0)))
                .add("len", 1, 1, args -> length(args.get(0)))
                .add("index", 1, -1, args -> index(args.get(0), args.subList(1, args.size())))
                .add("slice", 1, -1, args -> slice(args.get(0), args.subList(1, args.size())))
                .add("print", 0, -1, GoFormat::sprintAll)
                .add("println", 0, -1, GoFormat::sprintln)
                .add("printf", 1, -1, args -> GoFormat.sprintf(string(args.get(0)), args.subList(1, args.size())))
                .add("eq", 1, -1, args -> GoValues.eq(args.get(0), args.subList(1, args.size())))
                .add("ne", 2, 2, args -> !GoValues.eq(args.get(0), args.subList(1, 2)))
                .add("lt", 2, 2, args -> GoValues.lessThan(args.get(0), args.get(1)))
                .add("le", 2, 2, args -> GoValues.lessThan(args.get(0), args.get(1)) || GoValues.eq(args.get(0), args.subList(1, 2)))
                .add("gt", 2, 2, args -> !GoValues.lessThan(args.get(0), args.get(1)) && !GoValues.eq(args.get(0), args.subList(1, 2)))
                .add("ge", 2, 2, args -> !GoValues.lessThan(args.get(0), args.get(1)))
                .add("html", 0, -1, args -> html(printed(args)))
                .add("js", 0, -1, args -> js(printed(args)))
                .add("urlquery", 0, -1, args -> URLEncoder.encode(printed(args), StandardCharsets.UTF_8))
                .add("call", 1, -1, args -> {
                    throw new FunctionException("non-function of type " + GoValues.typeName(args.get(0)));
                });
    }

    private Functions withDockers() {
        return add("json", 1, 1, args -> GoJson.compact(args.get(0), false))
                .add("split", 2, 2, args -> split(string(args.get(0)), string(args.get(1))))
                .add("join", 2, 2, args -> join(args.get(0), string(args.get(1))))
                .add("title", 1, 1, args -> title(string(args.get(0))))
                .add("lower", 1, 1, args -> mapCodePoints(string(args.get(0)), Character::toLowerCase))
                .add("upper", 1, 1, args -> mapCodePoints(string(args.get(0)), Character::toUpperCase))
                .add("pad", 3, 3, args -> pad(string(args.get(0)), integer(args.get(1)), integer(args.get(2))))
                .add("truncate", 2, 2, args -> truncate(string(args.get(0)), integer(args.get(1))));
    }

    static String string(Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw FunctionException.wrongType("string", value);
    }

    static long integer(Object value) {
        Long l = GoValues.integer(value);
        if (l == null) {
            throw FunctionException.wrongType("int", value);
        }
        return l;
    }

    /** Text's functions print their arguments as {@code fmt.Sprint} does, or take a lone string as it is. */
    private static String printed(List<Object> args) {
        return args.size() == 1 && args.get(0) instanceof String s ? s : GoFormat.sprintAll(args);
    }

    private static long length(Object value) {
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        } else if (value instanceof Collection<?> c) {
            return c.size();
        } else if (value instanceof Map<?, ?> m) {
            return m.size();
        } else if (value instanceof GoMap m) {
            return m.entries().size();
        } else if (value == GoNil.SLICE || value == GoNil.MAP) {
            return 0;
        } else if (value == null || value == GoNil.POINTER) {
            throw new FunctionException("len of nil pointer");
        }
        throw new FunctionException("len of type " + GoValues.typeName(value));
    }

    private static Object index(Object item, List<Object> indexes) {
        Object current = item;
        for (Object key : indexes) {
            current = indexOne(current, key);
        }
        return current;
    }

    private static Object indexOne(Object item, Object key) {
        if (item == null) {
            throw new FunctionException("index of untyped nil");
        } else if (item instanceof List<?> list) {
            return list.get((int) inRange(indexNumber(key), list.size()));
        } else if (item instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            return (long) (bytes[(int) inRange(indexNumber(key), bytes.length)] & 0xff);
        } else if (item instanceof Map<?, ?> m) {
            return m.get(string(key));
        } else if (item instanceof GoMap m) {
            return m.entries().getOrDefault(string(key), m.zero());
        } else if (item == GoNil.MAP) {
            return null;
        } else if (item == GoNil.SLICE) {
            return inRange(indexNumber(key), 0);
        }
        throw new FunctionException("can't index item of type " + GoValues.typeName(item));
    }

    private static long inRange(long i, int length) {
        if (i < 0 || i >= length) {
            throw new FunctionException("index out of range: " + i);
        }
        return i;
    }

    private static long indexNumber(Object key) {
        Long i = GoValues.integer(key);
        if (i == null) {
            throw new FunctionException("cannot index slice/array with type " + GoValues.typeName(key));
        }
        return i;
    }

    private static Object slice(Object item, List<Object> indexes) {
        if (indexes.size() > 3) {
            throw new FunctionException("too many slice indexes: " + indexes.size());
        }
        int length;
        if (item instanceof String s) {
            length = s.length();
        } else if (item instanceof List<?> l) {
            length = l.size();
        } else {
            throw new FunctionException("can't slice item of type " + GoValues.typeName(item));
        }
        if (item instanceof String && indexes.size() == 3) {
            throw new FunctionException("cannot 3-index slice a string");
        }
        int from = indexes.isEmpty() ? 0 : (int) indexNumber(indexes.get(0));
        int to = indexes.size() < 2 ? length : (int) indexNumber(indexes.get(1));
        if (from < 0 || to < from || to > length) {
            throw new FunctionException("index out of range: " + (from < 0 ? from : to));
        }
        return item instanceof String s ? s.substring(from, to) : new ArrayList<>(((List<?>) item).subList(from, to));
    }

    private static List<String> split(String s, String separator) {
        if (separator.isEmpty()) {
            return s.codePoints().mapToObj(Character::toString).toList();
        }
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int at = s.indexOf(separator); at >= 0; at = s.indexOf(separator, from)) {
            parts.add(s.substring(from, at));
            from = at + separator.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    /** Docker's {@code join}: a slice's elements, or a map's values sorted, printed and joined. */
    private static String join(Object elements, String separator) {
        if (elements == null || elements == GoNil.SLICE || elements == GoNil.MAP) {
            return "";
        } else if (elements instanceof Collection<?> c) {
            return String.join(separator, c.stream().map(GoFormat::sprint).toList());
        } else if (elements instanceof Map<?, ?> m) {
            return String.join(separator, m.values().stream().map(GoFormat::sprint).sorted().toList());
        } else if (elements instanceof GoMap m) {
            return String.join(separator, m.entries().values().stream().map(GoFormat::sprint).sorted().toList());
        }
        throw new FunctionException("expected slice, got " + GoValues.typeName(elements));
    }

    /** Go's {@code strings.ToUpper} and {@code ToLower} map each code point alone (ß stays ß). */
    private static String mapCodePoints(String s, java.util.function.IntUnaryOperator mapping) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().map(mapping).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** Go's {@code strings.Title}: the first letter of each word in upper case. */
    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int previous = ' ';
        for (int cp : s.codePoints().toArray()) {
            out.appendCodePoint(isSeparator(previous) ? Character.toTitleCase(cp) : cp);
            previous = cp;
        }
        return out.toString();
    }

    private static boolean isSeparator(int cp) {
        if (cp <= 0x7F) {
            return !(Character.isLetterOrDigit(cp) || cp == '_');
        }
        return !Character.isLetter(cp) && !Character.isDigit(cp) && Character.isWhitespace(cp);
    }

    private static String pad(String s, long prefix, long suffix) {
        if (s.isEmpty()) {
            return s;
        }
        return " ".repeat((int) Math.max(0, prefix)) + s + " ".repeat((int) Math.max(0, suffix));
    }

    /** Docker's {@code truncate}: the first {@code length} bytes. */
    private static String truncate(String s, long length) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < length) {
            return s;
        }
        if (length < 0) {
            throw new FunctionException("slice bounds out of range [:" + length + "]");
        }
        return new String(Arrays.copyOf(bytes, (int) length), StandardCharsets.UTF_8);
    }

    private static String html(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case 0 -> out.append('\uFFFD');
                default -> out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static String js(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                case '<' -> out.append("\\u003C");
                case '>' -> out.append("\\u003E");
                case '&' -> out.append("\\u0026");
                case '=' -> out.append("\\u003D");
                default -> {
                    if (cp < ' ') {
                        out.append(String.format("\\u%04X", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.toString();
    }
}
