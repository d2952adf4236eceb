package io.jocker.cli.template;

import java.util.ArrayList;
import java.util.List;

/** Splits a template into text and the tokens of its actions, as Go's text/template lexer does. */
final class Lexer {

    enum Kind {
        TEXT, LEFT, RIGHT, SPACE, FIELD, VARIABLE, IDENTIFIER, KEYWORD, DOT, STRING, RAW_STRING, CHAR, NUMBER, BOOL, NIL,
        PIPE, DECLARE, ASSIGN, LEFT_PAREN, RIGHT_PAREN, COMMA, EOF
    }

    record Token(Kind kind, String text, int pos) {}

    private static final String LEFT = "{{";
    private static final String RIGHT = "}}";
    private static final List<String> KEYWORDS = List.of("if", "else", "end", "range", "with", "define", "template", "block",
            "break", "continue");

    private final String input;
    private final String name;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int parenDepth;

    private Lexer(String name, String input) {
        this.name = name;
        this.input = input;
    }

    static List<Token> lex(String name, String input) {
        Lexer lexer = new Lexer(name, input);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < input.length()) {
            int left = input.indexOf(LEFT, pos);
            if (left < 0) {
                tokens.add(new Token(Kind.TEXT, input.substring(pos), pos));
                pos = input.length();
                break;
            }
            boolean trimLeft = hasLeftTrim(left);
            int textEnd = trimLeft ? trimTrailingSpace(pos, left) : left;
            if (textEnd > pos) {
                tokens.add(new Token(Kind.TEXT, input.substring(pos, textEnd), pos));
            }
            pos = left + LEFT.length() + (trimLeft ? 2 : 0);
            tokens.add(new Token(Kind.LEFT, LEFT, left));
            if (input.startsWith("/*", pos)) {
                comment(left);
            } else {
                action();
            }
        }
        tokens.add(new Token(Kind.EOF, "", input.length()));
    }

    private boolean hasLeftTrim(int left) {
        int after = left + LEFT.length();
        return after + 1 < input.length() && input.charAt(after) == '-' && isSpace(input.charAt(after + 1));
    }

    private int trimTrailingSpace(int from, int to) {
        while (to > from && isSpace(input.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    /** A right delimiter, with its trim marker (" -}}") when {@code trim}; returns the length matched or 0. */
    private int rightDelimiterAt(int at) {
        if (at + 3 < input.length() + 1 && isSpace(input.charAt(at)) && input.startsWith("-" + RIGHT, at + 1)) {
            return 4;
        }
        return input.startsWith(RIGHT, at) ? 2 : 0;
    }

    private void afterRight(int matched) {
        pos += matched;
        if (matched == 4) {
            while (pos < input.length() && isSpace(input.charAt(pos))) {
                pos++;
            }
        }
    }

    private void comment(int left) {
        int end = input.indexOf("*/", pos + 2);
        if (end < 0) {
            throw parseError(left, "unclosed comment");
        }
        pos = end + 2;
        int matched = rightDelimiterAt(pos);
        if (matched == 0) {
            throw parseError(left, "comment ends before closing delimiter");
        }
        // A comment leaves no action behind: drop the left delimiter that opened it.
        tokens.remove(tokens.size() - 1);
        afterRight(matched);
    }

    private void action() {
        while (true) {
            if (pos >= input.length()) {
                throw parseError(pos, "unclosed action");
            }
            int right = rightDelimiterAt(pos);
            if (right > 0) {
                if (parenDepth > 0) {
                    throw parseError(pos, "unclosed left paren");
                }
                tokens.add(new Token(Kind.RIGHT, RIGHT, pos));
                afterRight(right);
                return;
            }
            char c = input.charAt(pos);
            int start = pos;
            if (isSpace(c)) {
                while (pos < input.length() && isSpace(input.charAt(pos)) && rightDelimiterAt(pos) != 4) {
                    pos++;
                }
                if (pos == start) {
                    continue;
                }
                emit(Kind.SPACE, start);
            } else if (c == '=') {
                pos++;
                emit(Kind.ASSIGN, start);
            } else if (c == ':') {
                if (!input.startsWith(":=", pos)) {
                    throw parseError(pos, "expected :=");
                }
                pos += 2;
                emit(Kind.DECLARE, start);
            } else if (c == '|') {
                pos++;
                emit(Kind.PIPE, start);
            } else if (c == '"') {
                quoted(start);
            } else if (c == '`') {
                int end = input.indexOf('`', pos + 1);
                if (end < 0) {
                    throw parseError(start, "unterminated raw quoted string");
                }
                pos = end + 1;
                emit(Kind.RAW_STRING, start);
            } else if (c == '\'') {
                charConstant(start);
            } else if (c == '$') {
                pos++;
                alphanumeric();
                requireTerminator();
                emit(Kind.VARIABLE, start);
            } else if (c == '.') {
                if (pos + 1 < input.length() && Character.isDigit(input.charAt(pos + 1))) {
                    number(start);
                } else {
                    pos++;
                    if (pos < input.length() && isAlphanumeric(input.charAt(pos))) {
                        alphanumeric();
                        requireTerminator();
                        emit(Kind.FIELD, start);
                    } else {
                        emit(Kind.DOT, start);
                    }
                }
            } else if (c == '+' || c == '-' || Character.isDigit(c)) {
                number(start);
            } else if (isAlphanumeric(c)) {
                alphanumeric();
                requireTerminator();
                String word = input.substring(start, pos);
                if (KEYWORDS.contains(word)) {
                    emit(Kind.KEYWORD, start);
                } else if (word.equals("true") || word.equals("false")) {
                    emit(Kind.BOOL, start);
                } else if (word.equals("nil")) {
                    emit(Kind.NIL, start);
                } else {
                    emit(Kind.IDENTIFIER, start);
                }
            } else if (c == '(') {
                pos++;
                parenDepth++;
                emit(Kind.LEFT_PAREN, start);
            } else if (c == ')') {
                pos++;
                parenDepth--;
                if (parenDepth < 0) {
                    throw parseError(start, "unexpected right paren");
                }
                emit(Kind.RIGHT_PAREN, start);
            } else if (c == ',') {
                pos++;
                emit(Kind.COMMA, start);
            } else {
                throw parseError(start, "unrecognized character in action: " + quoteRune(c));
            }
        }
    }

    private void emit(Kind kind, int start) {
        tokens.add(new Token(kind, input.substring(start, pos), start));
    }

    private void quoted(int start) {
        pos++;
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n') {
                throw parseError(start, "unterminated quoted string");
            }
            char c = input.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '"') {
                break;
            }
        }
        emit(Kind.STRING, start);
    }

    private void charConstant(int start) {
        pos++;
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n') {
                throw parseError(start, "unterminated character constant");
            }
            char c = input.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '\'') {
                break;
            }
        }
        emit(Kind.CHAR, start);
    }

    private void number(int start) {
        pos++;
        boolean hex = input.regionMatches(true, start, "0x", 0, 2) || input.regionMatches(true, start + 1, "0x", 0, 2);
        while (pos < input.length()) {
            char c = input.charAt(pos);
            char previous = Character.toLowerCase(input.charAt(pos - 1));
            boolean exponentSign = (c == '+' || c == '-') && previous == (hex ? 'p' : 'e');
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || exponentSign) {
                pos++;
            } else {
                break;
            }
        }
        emit(Kind.NUMBER, start);
    }

    /** A word must end at a space, a delimiter or punctuation that can follow it, as Go's lexer demands. */
    private void requireTerminator() {
        if (pos >= input.length() || rightDelimiterAt(pos) > 0) {
            return;
        }
        char c = input.charAt(pos);
        if (!isSpace(c) && ".,|:()=".indexOf(c) < 0) {
            throw parseError(pos, "bad character " + quoteRune(c));
        }
    }

    private void alphanumeric() {
        while (pos < input.length() && isAlphanumeric(input.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isAlphanumeric(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static String quoteRune(char c) {
        return "U+" + String.format("%04X", (int) c) + " '" + c + "'";
    }

    private TemplateException parseError(int at, String message) {
        return TemplateException.parse(name, line(input, at), message);
    }

    static int line(String input, int at) {
        int line = 1;
        for (int i = 0; i < Math.min(at, input.length()); i++) {
            if (input.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
