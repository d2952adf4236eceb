package io.jocker.images;

import java.util.ArrayList;
import java.util.List;

/** Splits an instruction's arguments into words the way Dockerfile's ENV and LABEL do: quotes group, backslash escapes. */
final class ShellWords {

    private ShellWords() {}

    static List<String> split(String text) throws InvalidChangeException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unterminated('\'');
                }
                word.append(text, i + 1, end);
                i = end;
            } else if (c == '"') {
                i = doubleQuoted(text, i + 1, word);
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends a double-quoted part starting at {@code from}; returns the index of the closing quote. */
    private static int doubleQuoted(String text, int from, StringBuilder word) throws InvalidChangeException {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < text.length() && "\"\\$".indexOf(text.charAt(i + 1)) >= 0) {
                c = text.charAt(++i);
            }
            word.append(c);
        }
        throw unterminated('"');
    }

    private static InvalidChangeException unterminated(char quote) {
        return new InvalidChangeException("unexpected end of statement while looking for matching " + quote);
    }
}
