package io.jocker.cli.template;

import java.math.BigInteger;
import java.util.function.Supplier;

/** Go's constants in a template: quoted strings, raw strings, characters and numbers. */
final class Literals {

    private Literals() {}

    static String unquote(String quoted, Supplier<TemplateException> invalid) {
        if (quoted.startsWith("`")) {
            return quoted.substring(1, quoted.length() - 1).replace("\r", "");
        }
        StringBuilder out = new StringBuilder();
        int i = 1;
        int end = quoted.length() - 1;
        while (i < end) {
            char c = quoted.charAt(i++);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= end) {
                throw invalid.get();
            }
            char e = quoted.charAt(i++);
            switch (e) {
                case 'a' -> out.append('\007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\013');
                case '\\', '"', '\'' -> out.append(e);
                case 'x' -> i = appendCodePoint(out, quoted, i, 2, 16, invalid);
                case 'u' -> i = appendCodePoint(out, quoted, i, 4, 16, invalid);
                case 'U' -> i = appendCodePoint(out, quoted, i, 8, 16, invalid);
                case '0', '1', '2', '3', '4', '5', '6', '7' -> i = appendCodePoint(out, quoted, i - 1, 3, 8, invalid);
                default -> throw invalid.get();
            }
        }
        return out.toString();
    }

    private static int appendCodePoint(StringBuilder out, String s, int from, int digits, int radix,
            Supplier<TemplateException> invalid) {
        if (from + digits > s.length() - 1) {
            throw invalid.get();
        }
        try {
            int value = Integer.parseInt(s.substring(from, from + digits), radix);
            if (!Character.isValidCodePoint(value)) {
                throw invalid.get();
            }
            out.appendCodePoint(value);
        } catch (NumberFormatException e) {
            throw invalid.get();
        }
        return from + digits;
    }

    /** A character constant is a number, its code point, as in Go. */
    static Long character(String quoted, Supplier<TemplateException> invalid) {
        String inner = unquote("\"" + quoted.substring(1, quoted.length() - 1) + "\"", invalid);
        if (inner.codePointCount(0, inner.length()) != 1) {
            throw invalid.get();
        }
        return (long) inner.codePointAt(0);
    }

    /** An integer (decimal, 0x, 0o, 0 or 0b, with underscores) as a Long, otherwise a Double. */
    static Object number(String text, Supplier<TemplateException> invalid) {
        String s = text.replace("_", "");
        boolean negative = s.startsWith("-");
        if (s.startsWith("-") || s.startsWith("+")) {
            s = s.substring(1);
        }
        try {
            BigInteger integer = integer(s);
            if (integer != null) {
                if (integer.bitLength() > 63) {
                    throw invalid.get();
                }
                return negative ? -integer.longValue() : integer.longValue();
            }
            if (s.toLowerCase().startsWith("0x")) {
                throw invalid.get();
            }
            double value = Double.parseDouble(s);
            if (Double.isInfinite(value) || !s.matches("[0-9.eE+-]+")) {
                throw invalid.get();
            }
            return negative ? -value : value;
        } catch (NumberFormatException e) {
            throw invalid.get();
        }
    }

    private static BigInteger integer(String s) {
        String lower = s.toLowerCase();
        if (lower.matches("0x[0-9a-f]+")) {
            return new BigInteger(lower.substring(2), 16);
        }
        if (lower.matches("0o[0-7]+")) {
            return new BigInteger(lower.substring(2), 8);
        }
        if (lower.matches("0b[01]+")) {
            return new BigInteger(lower.substring(2), 2);
        }
        if (lower.matches("0[0-7]+")) {
            return new BigInteger(lower.substring(1), 8);
        }
        if (lower.matches("[0-9]+")) {
            return new BigInteger(lower);
        }
        return null;
    }
}
