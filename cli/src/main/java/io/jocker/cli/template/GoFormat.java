package io.jocker.cli.template;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Go's fmt for the values a template prints: {@code %v}, {@code Sprint}, {@code Sprintln} and {@code Sprintf}. */
public final class GoFormat {

    private GoFormat() {}

    /** {@code fmt.Sprint(value)}: the {@code %v} form of one value. */
    static String sprint(Object value) {
        if (value == null) {
            return "<nil>";
        } else if (value instanceof Double d) {
            return shortestFloat(d);
        } else if (value instanceof Collection<?> c) {
            return c.stream().map(GoFormat::sprint).collect(Collectors.joining(" ", "[", "]"));
        } else if (value instanceof Map<?, ?> m) {
            return mapString(new TreeMap<>(m));
        } else if (value instanceof GoMap m) {
            return mapString(m.entries());
        } else if (value instanceof GoStruct s) {
            return s.fields().values().stream().map(GoFormat::sprint).collect(Collectors.joining(" ", "{", "}"));
        }
        return value.toString();
    }

    private static String mapString(Map<?, ?> sorted) {
        return sorted.entrySet().stream().map(e -> sprint(e.getKey()) + ":" + sprint(e.getValue()))
                .collect(Collectors.joining(" ", "map[", "]"));
    }

    /** {@code fmt.Sprint(args...)}: a space between two operands when neither is a string. */
    static String sprintAll(List<Object> args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            boolean isString = args.get(i) instanceof String;
            if (i > 0 && !isString && !(args.get(i - 1) instanceof String)) {
                out.append(' ');
            }
            out.append(sprint(args.get(i)));
        }
        return out.toString();
    }

    /** {@code fmt.Sprintln(args...)}: operands separated by spaces, then a newline. */
    static String sprintln(List<Object> args) {
        return args.stream().map(GoFormat::sprint).collect(Collectors.joining(" ")) + "\n";
    }

    /** Go's {@code %v} of a float64: the shortest digits that read back, in exponent form below 1e-4 or from 1e6. */
    static String shortestFloat(double value) {
        return shortestFloat(value, -4, 6, "e+", "e-", true);
    }

    /**
     * The shortest digits of {@code value}, plain between 10^low and 10^high, else in exponent form
     * with the given exponent prefixes ({@code twoDigits}: Go's fmt pads the exponent to two digits).
     */
    static String shortestFloat(double value, int low, int high, String plus, String minus, boolean twoDigits) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        String sign = value < 0 || (value == 0 && 1 / value < 0) ? "-" : "";
        if (value == 0) {
            return sign + "0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        if (exponent < low || exponent >= high) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int abs = Math.abs(exponent);
            return sign + mantissa + (exponent < 0 ? minus : plus) + (twoDigits && abs < 10 ? "0" : "") + abs;
        }
        return sign + exact.toPlainString();
    }

    /** Go's {@code fmt.Sprintf}, for the verbs templates use. */
    static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int arg = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            Spec spec = new Spec();
            while (i < format.length() && "+-# 0".indexOf(format.charAt(i)) >= 0) {
                spec.flag(format.charAt(i++));
            }
            int start = i;
            while (i < format.length() && Character.isDigit(format.charAt(i))) {
                i++;
            }
            spec.width = i > start ? Integer.parseInt(format.substring(start, i)) : -1;
            if (i < format.length() && format.charAt(i) == '.') {
                i++;
                start = i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                spec.precision = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i++);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (arg >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            out.append(spec.pad(formatOne(verb, spec, args.get(arg++))));
        }
        if (arg < args.size()) {
            out.append("%!(EXTRA ");
            out.append(args.subList(arg, args.size()).stream().map(a -> GoValues.typeName(a) + "=" + sprint(a))
                    .collect(Collectors.joining(", ")));
            out.append(')');
        }
        return out.toString();
    }

    private static final class Spec {
        boolean minus;
        boolean plus;
        boolean zero;
        boolean space;
        boolean sharp;
        int width = -1;
        int precision = -1;
        boolean numeric;

        void flag(char c) {
            switch (c) {
                case '-' -> minus = true;
                case '+' -> plus = true;
                case '0' -> zero = true;
                case ' ' -> space = true;
                default -> sharp = true;
            }
        }

        String pad(String text) {
            int length = text.codePointCount(0, text.length());
            if (width <= length) {
                return text;
            }
            String fill = (zero && !minus && numeric ? "0" : " ").repeat(width - length);
            if (minus) {
                return text + fill;
            }
            if (zero && numeric && (text.startsWith("-") || text.startsWith("+"))) {
                return text.charAt(0) + fill + text.substring(1);
            }
            return fill + text;
        }
    }

    private static String formatOne(char verb, Spec spec, Object value) {
        Long integer = GoValues.integer(value);
        switch (verb) {
            case 'v':
                if (value instanceof Double d) {
                    spec.numeric = true;
                    return sign(spec, d >= 0, shortestFloat(d));
                }
                if (integer != null) {
                    spec.numeric = true;
                    return sign(spec, integer >= 0, Long.toString(integer));
                }
                return sprint(value);
            case 's':
                if (value == null || integer != null || value instanceof Double || value instanceof Boolean) {
                    return bad(verb, value);
                }
                String s = sprint(value);
                return spec.precision >= 0 && s.length() > spec.precision ? s.substring(0, spec.precision) : s;
            case 'q':
                if (value instanceof String str) {
                    return quote(str);
                }
                if (integer != null) {
                    return "'" + new String(Character.toChars(integer.intValue())) + "'";
                }
                return bad(verb, value);
            case 'd':
                if (integer == null) {
                    return bad(verb, value);
                }
                spec.numeric = true;
                return sign(spec, integer >= 0, Long.toString(integer));
            case 'x', 'X', 'o', 'b':
                if (integer != null) {
                    spec.numeric = true;
                    int radix = verb == 'o' ? 8 : verb == 'b' ? 2 : 16;
                    String digits = Long.toString(Math.abs(integer), radix);
                    return (integer < 0 ? "-" : "") + (verb == 'X' ? digits.toUpperCase(Locale.ROOT) : digits);
                }
                if (value instanceof String str && verb != 'o' && verb != 'b') {
                    StringBuilder hex = new StringBuilder();
                    for (byte b : str.getBytes(StandardCharsets.UTF_8)) {
                        hex.append(String.format(verb == 'X' ? "%02X" : "%02x", b & 0xff));
                    }
                    return hex.toString();
                }
                return bad(verb, value);
            case 'U':
                return integer == null ? bad(verb, value) : String.format("U+%04X", integer);
            case 'c':
                return integer == null ? bad(verb, value) : new String(Character.toChars(integer.intValue()));
            case 't':
                return value instanceof Boolean ? value.toString() : bad(verb, value);
            case 'T':
                return GoValues.typeName(value);
            case 'f', 'F', 'e', 'E', 'g', 'G':
                if (!(value instanceof Double d)) {
                    return bad(verb, value);
                }
                spec.numeric = true;
                return sign(spec, d >= 0, floatVerb(verb, spec.precision, d));
            default:
                return bad(verb, value);
        }
    }

    private static String floatVerb(char verb, int precision, double d) {
        char lower = Character.toLowerCase(verb);
        if (lower == 'g' && precision < 0) {
            String shortest = shortestFloat(d);
            return verb == 'G' ? shortest.toUpperCase(Locale.ROOT) : shortest;
        }
        int p = precision < 0 ? 6 : precision;
        String formatted = switch (lower) {
            case 'f' -> new BigDecimal(d).setScale(p, java.math.RoundingMode.HALF_EVEN).toPlainString();
            case 'e' -> String.format(Locale.ROOT, "%." + p + "e", d);
            default -> goG(d, Math.max(p, 1));
        };
        return Character.isUpperCase(verb) ? formatted.toUpperCase(Locale.ROOT) : formatted;
    }

    /** Go's {@code %.Ng}: {@code precision} significant digits, no trailing zeros, an exponent only when Go uses one. */
    public static String g(double d, int precision) {
        return goG(d, precision);
    }

    private static String goG(double d, int precision) {
        if (d == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(new java.math.MathContext(precision, java.math.RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    private static String sign(Spec spec, boolean nonNegative, String text) {
        if (nonNegative && spec.plus) {
            return "+" + text;
        }
        if (nonNegative && spec.space) {
            return " " + text;
        }
        return text;
    }

    private static String bad(char verb, Object value) {
        if (value == null) {
            return "%!" + verb + "(<nil>)";
        }
        return "%!" + verb + "(" + GoValues.typeName(value) + "=" + sprint(value) + ")";
    }

    /** {@code strconv.Quote}. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case 11 -> out.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (!Character.isDefined(cp) || Character.getType(cp) == Character.FORMAT
                            || Character.getType(cp) == Character.PRIVATE_USE) {
                        out.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
