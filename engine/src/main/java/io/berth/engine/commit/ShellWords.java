package io.berth.engine.commit;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Dockerfile argument line into words the way Docker's {@code parseWords} does for
 * ENV and LABEL: whitespace separates words, double and single quotes group (and are
 * removed), a backslash escapes the next character outside single quotes.
 */
final class ShellWords {

    private ShellWords() {
    }

    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\\' && quote != '\'') {
                if (i + 1 >= text.length()) {
                    throw new InvalidChangeException("a backslash ends \"" + text + "\" with nothing to escape");
                }
                word.append(text.charAt(++i));
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else {
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new InvalidChangeException("unterminated " + (quote == '"' ? "double" : "single") + " quote in \""
                    + text + "\"");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
