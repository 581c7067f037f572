package org.fedpoison.kernel.analysis;

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
public final class CellParts {

    /** One part of a cell. {@code magic} is null for code; a cell magic's name starts with {@code %}. */
    public record Part(String text, int offset, String magic, List<String> args) {
        public boolean isMagic() {
            return magic != null;
        }
    }

    private CellParts() {
    }

    /**
     * The parts of a cell. A cell that starts with {@code %%name args} is one cell magic whose body is the
     * rest of the cell (its text); otherwise lines starting with {@code %} are line magics.
     */
    public static List<Part> split(String cell) {
        String lead = cell.stripLeading();
        if (lead.startsWith("%%")) {
            int at = cell.length() - lead.length();
            int nl = cell.indexOf('\n', at);
            String head = nl < 0 ? cell.substring(at) : cell.substring(at, nl);
            List<String> words = words(head.substring(2));
            String name = "%" + (words.isEmpty() ? "" : words.get(0));
            String body = nl < 0 ? "" : cell.substring(nl + 1);
            return List.of(new Part(body, nl < 0 ? cell.length() : nl + 1, name,
                    words.isEmpty() ? List.of() : List.copyOf(words.subList(1, words.size()))));
        }
        return splitLines(cell);
    }

    private static List<Part> splitLines(String cell) {
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
    public static List<String> words(String s) {
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

    // ------------------------------------------------------------------ a small Java lexer

    /** For each character of {@code s}: true if it is code, false inside a literal or a comment. */
    private static boolean[] codeMask(String s) {
        boolean[] code = new boolean[s.length()];
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            char d = i + 1 < n ? s.charAt(i + 1) : 0;
            if (c == '/' && d == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && d == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '"' && s.startsWith("\"\"\"", i)) {
                int j = i + 3;
                while (j < n && !(s.startsWith("\"\"\"", j) && s.charAt(j - 1) != '\\')) {
                    j++;
                }
                code[i] = true; // the literal's delimiters count as code, its contents do not
                i = Math.min(n, j + 3);
                code[i - 1] = true;
            } else if (c == '"' || c == '\'') {
                code[i] = true;
                int j = i + 1;
                while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(n, j + 1);
                code[i - 1] = true;
            } else {
                code[i] = true;
                i++;
            }
        }
        return code;
    }

    /** The code with the contents of string and character literals and of comments blanked out (offsets kept). */
    public static String withoutLiteralsAndComments(String s) {
        boolean[] code = codeMask(s);
        StringBuilder b = new StringBuilder(s);
        for (int i = 0; i < code.length; i++) {
            if (!code[i] && b.charAt(i) != '\n') {
                b.setCharAt(i, ' ');
            }
        }
        return b.toString();
    }

    /**
     * Candidate ends of top-level statements: the index after each line that ends, at bracket depth 0 and outside
     * literals and comments, with {@code ;} or {@code }} and is not continued by the next line ({@code else},
     * {@code catch}, {@code finally}, {@code while}, or an operator, a dot or a closing bracket at its start).
     * Cutting a cell at these ends may leave two statements in one piece, never one statement in two.
     */
    public static List<Integer> statementEnds(String text) {
        String code = withoutLiteralsAndComments(text);
        List<Integer> ends = new ArrayList<>();
        int depth = 0;
        char last = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            switch (c) {
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth = Math.max(0, depth - 1);
                default -> { }
            }
            if (c == '\n') {
                if (depth == 0 && (last == ';' || last == '}') && !continues(code, i + 1)) {
                    ends.add(i + 1);
                }
                last = 0;
            } else if (!Character.isWhitespace(c)) {
                last = c;
            }
        }
        return ends;
    }

    private static boolean continues(String code, int from) {
        int i = from;
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        if (i >= code.length()) {
            return false;
        }
        String rest = code.substring(i, Math.min(code.length(), i + 8));
        for (String word : List.of("else", "catch", "finally", "while")) {
            if (rest.startsWith(word) && (rest.length() == word.length()
                    || !Character.isJavaIdentifierPart(rest.charAt(word.length())))) {
                return true;
            }
        }
        return ".)]}+-*/%&|^?:=,<>".indexOf(code.charAt(i)) >= 0;
    }

    private static final java.util.regex.Pattern NAME_THEN_ASSIGN = java.util.regex.Pattern.compile(
            "^[A-Za-z_$][\\w$]*(\\s*\\.\\s*[A-Za-z_$][\\w$]*)*\\s*(\\[[^\\]]*]\\s*)*"
                    + "(=(?!=)|\\+=|-=|\\*=|/=|%=|&=|\\|=|\\^=|<<=|>>=|>>>=|\\+\\+|--)");
    private static final java.util.regex.Pattern PRE_INCREMENT = java.util.regex.Pattern.compile("^(\\+\\+|--)\\s*[A-Za-z_$]");
    private static final java.util.regex.Pattern CALL = java.util.regex.Pattern.compile(
            "^[A-Za-z_$][\\w$]*(\\s*\\.\\s*[A-Za-z_$][\\w$]*)*\\s*\\(");
    private static final List<String> STATEMENT_KEYWORDS = List.of("if", "for", "while", "do", "switch", "try",
            "throw", "synchronized", "assert");

    /**
     * True if {@code source} is one plain statement that declares nothing: a statement that starts with a
     * keyword such as {@code if} or {@code for}, a block, an assignment or increment of a name, field or array
     * element, or a method call. Such statements may run together in one block without changing what later
     * code sees; anything else (declarations, {@code new X().y()}, expressions whose value is shown) is not
     * claimed. The test is syntactic and conservative: a false "no" only costs speed.
     */
    public static boolean isPlainStatement(String source) {
        String code = withoutLiteralsAndComments(source).strip();
        if (code.isEmpty()) {
            return false;
        }
        if (code.startsWith("{")) {
            return code.endsWith("}");
        }
        for (String k : STATEMENT_KEYWORDS) {
            if (code.startsWith(k) && (code.length() == k.length() || !Character.isJavaIdentifierPart(code.charAt(k.length())))) {
                return true;
            }
        }
        if (!code.endsWith(";") || depthZeroSemicolons(code) != 1) {
            return false;
        }
        return NAME_THEN_ASSIGN.matcher(code).find() || PRE_INCREMENT.matcher(code).find() || CALL.matcher(code).find();
    }

    private static int depthZeroSemicolons(String code) {
        int depth = 0;
        int n = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            switch (c) {
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth = Math.max(0, depth - 1);
                case ';' -> n += depth == 0 ? 1 : 0;
                default -> { }
            }
        }
        return n;
    }

    /**
     * Rewrites magics used as values, {@code List<String> cp = %jars lib/*.jar}, into calls of the kernel's
     * {@code lineMagic(name, args)}, as IJava does: an {@code =} outside literals, followed by {@code %name}; the
     * arguments run to the end of the line (a trailing {@code ;} is dropped).
     */
    public static String transpileValueMagics(String code) {
        if (code.indexOf('%') < 0) {
            return code;
        }
        String masked = withoutLiteralsAndComments(code);
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        while (lineStart <= code.length()) {
            int nl = code.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? code.length() : nl;
            String line = code.substring(lineStart, lineEnd);
            String m = masked.substring(lineStart, lineEnd);
            int at = valueMagicAt(m);
            if (at < 0) {
                out.append(line);
            } else {
                String magic = line.substring(at + 1).strip();
                if (magic.endsWith(";")) {
                    magic = magic.substring(0, magic.length() - 1);
                }
                List<String> words = words(magic);
                StringBuilder call = new StringBuilder("org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.lineMagic(")
                        .append(quote(words.isEmpty() ? "" : words.get(0))).append(", java.util.List.of(");
                for (int i = 1; i < words.size(); i++) {
                    call.append(i > 1 ? ", " : "").append(quote(words.get(i)));
                }
                call.append("));");
                out.append(line, 0, at).append(call);
            }
            if (nl < 0) {
                break;
            }
            out.append('\n');
            lineStart = nl + 1;
        }
        return out.toString();
    }

    private static int valueMagicAt(String maskedLine) {
        for (int i = 0; i < maskedLine.length(); i++) {
            if (maskedLine.charAt(i) != '=') {
                continue;
            }
            char before = i > 0 ? maskedLine.charAt(i - 1) : ' ';
            if ("=!<>+-*/%&|^".indexOf(before) >= 0 || (i + 1 < maskedLine.length() && maskedLine.charAt(i + 1) == '=')) {
                continue;
            }
            int j = i + 1;
            while (j < maskedLine.length() && Character.isWhitespace(maskedLine.charAt(j))) {
                j++;
            }
            if (j + 1 < maskedLine.length() && maskedLine.charAt(j) == '%'
                    && Character.isJavaIdentifierStart(maskedLine.charAt(j + 1))) {
                return j;
            }
        }
        return -1;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
