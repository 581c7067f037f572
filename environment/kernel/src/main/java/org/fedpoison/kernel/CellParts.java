package org.fedpoison.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into runs of Java code and line magics, keeping each part's offset in the cell.
 *
 * <p>A line magic is a line whose first non-blank character is {@code %}; it runs in its place, between
 * the code before and after it. Java has no statement that starts with {@code %}, so this cannot take a
 * line of code for a magic. Magic arguments are split at blanks; double or single quotes keep blanks in
 * one argument.
 */
final class CellParts {

    /** One part of a cell. {@code magic} is null for code. */
    record Part(String text, int offset, String magic, List<String> args) {
        boolean isMagic() {
            return magic != null;
        }
    }

    private CellParts() {
    }

    static List<Part> split(String cell) {
        List<Part> parts = new ArrayList<>();
        int codeStart = 0;
        int pos = 0;
        while (pos <= cell.length()) {
            int end = cell.indexOf('\n', pos);
            if (end < 0) {
                end = cell.length();
            }
            String line = cell.substring(pos, end);
            String stripped = line.strip();
            if (stripped.startsWith("%")) {
                if (pos > codeStart && !cell.substring(codeStart, pos).isBlank()) {
                    parts.add(new Part(cell.substring(codeStart, pos), codeStart, null, List.of()));
                }
                List<String> words = words(stripped.substring(stripped.startsWith("%%") ? 2 : 1));
                String name = words.isEmpty() ? "" : words.get(0);
                if (stripped.startsWith("%%")) {
                    name = "%" + name;
                }
                parts.add(new Part(line, pos, name, words.isEmpty() ? List.of() : List.copyOf(words.subList(1, words.size()))));
                codeStart = end + 1;
            }
            pos = end + 1;
        }
        if (codeStart < cell.length() && !cell.substring(codeStart).isBlank()) {
            parts.add(new Part(cell.substring(codeStart), codeStart, null, List.of()));
        }
        return parts;
    }

    /** Splits at blanks; quotes group. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
