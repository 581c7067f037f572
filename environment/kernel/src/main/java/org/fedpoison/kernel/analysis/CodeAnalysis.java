package org.fedpoison.kernel.analysis;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Completion, inspection and completeness of cells, from JShell's source analysis; magic lines are blanked out
 * first (offsets kept) so JShell sees only Java, and a magic's name is completed from the registered magics.
 */
public final class CodeAnalysis {

    private static final Pattern MAGIC_NAME = Pattern.compile("^\\s*(%%?)(\\w*)$");

    private final Supplier<JShell> shell;
    private final Supplier<Collection<String>> lineMagics;
    private final Supplier<Collection<String>> cellMagics;

    /**
     * @param shell      the JShell session (started on first use)
     * @param lineMagics the names of the line magics
     * @param cellMagics the names of the cell magics
     */
    public CodeAnalysis(Supplier<JShell> shell, Supplier<Collection<String>> lineMagics,
                        Supplier<Collection<String>> cellMagics) {
        this.shell = shell;
        this.lineMagics = lineMagics;
        this.cellMagics = cellMagics;
    }

    /** The snippet of {@code code} that contains {@code cursor}: its start offset, or 0. */
    private int snippetStart(String code, int cursor) {
        SourceCodeAnalysis sca = shell.get().sourceCodeAnalysis();
        String masked = maskMagics(code);
        int start = 0;
        String rest = masked;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(rest);
            if (info.completeness() != SourceCodeAnalysis.Completeness.COMPLETE
                    && info.completeness() != SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI) {
                break;
            }
            int used = rest.length() - info.remaining().length();
            if (used <= 0 || start + used >= cursor) {
                break;
            }
            start += used;
            rest = rest.substring(used);
        }
        while (start < cursor && Character.isWhitespace(masked.charAt(start))) {
            start++;
        }
        return start;
    }

    /** Blanks out magic lines (keeping offsets) so JShell's analysis sees only Java. */
    public static String maskMagics(String code) {
        StringBuilder b = new StringBuilder(code);
        for (CellParts.Part p : CellParts.split(code)) {
            if (p.isMagic()) {
                int from = p.magic().startsWith("%") ? 0 : p.offset();
                int to = p.magic().startsWith("%") ? p.offset() : p.offset() + p.text().length();
                for (int i = from; i < to && i < b.length(); i++) {
                    if (b.charAt(i) != '\n') {
                        b.setCharAt(i, ' ');
                    }
                }
            }
        }
        return b.toString();
    }

    /** Tab completion: magic names after {@code %} at a line's start, else JShell's suggestions. */
    public ReplacementOptions complete(String code, int at) {
        int cursor = Math.max(0, Math.min(at, code.length()));
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        Matcher m = MAGIC_NAME.matcher(code.substring(lineStart, cursor));
        if (m.matches()) {
            Collection<String> names = m.group(1).equals("%%") ? cellMagics.get() : lineMagics.get();
            List<String> matches = names.stream().filter(n -> n.startsWith(m.group(2))).sorted().toList();
            return new ReplacementOptions(matches, cursor - m.group(2).length(), cursor);
        }
        int start = snippetStart(code, cursor);
        String snippet = maskMagics(code).substring(start, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                shell.get().sourceCodeAnalysis().completionSuggestions(snippet, snippet.length(), anchor);
        LinkedHashSet<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        // JShell's own temporaries ($1, $2, ...) are noise in a notebook
        matches.removeIf(s -> s.startsWith("$"));
        return new ReplacementOptions(new ArrayList<>(matches), start + anchor[0], cursor);
    }

    /** Shift-Tab: the signature and Javadoc of what is under the cursor, or null. */
    public DisplayData inspect(String code, int at) {
        int cursor = Math.max(0, Math.min(at, code.length()));
        // Shift-Tab may come with the cursor inside a name: inspect the whole name
        while (cursor < code.length() && Character.isJavaIdentifierPart(code.charAt(cursor))) {
            cursor++;
        }
        int start = snippetStart(code, cursor);
        String snippet = maskMagics(code).substring(start, cursor);
        SourceCodeAnalysis sca = shell.get().sourceCodeAnalysis();
        List<SourceCodeAnalysis.Documentation> docs = sca.documentation(snippet, snippet.length(), true);
        if (docs.isEmpty()) {
            // the cursor is on a name rather than in a call: ask as if the call were opened
            docs = sca.documentation(snippet + "(", snippet.length() + 1, true);
        }
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            text.append(d.signature()).append('\n');
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                text.append(d.javadoc().strip()).append("\n\n");
            }
        }
        return new DisplayData(text.toString().strip());
    }

    /** Whether the cell is complete, incomplete (the indent of the next line) or invalid. */
    public String isComplete(String code) {
        String rest = maskMagics(code);
        SourceCodeAnalysis sca = shell.get().sourceCodeAnalysis();
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(rest);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI -> rest = info.remaining();
                case EMPTY -> {
                    return BaseKernel.IS_COMPLETE_YES;
                }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return indentAfter(code);
                }
                default -> {
                    return BaseKernel.IS_COMPLETE_BAD;
                }
            }
        }
        return BaseKernel.IS_COMPLETE_YES;
    }

    /** The indent for the next line of incomplete code: the last line's, one level deeper after an opener. */
    static String indentAfter(String code) {
        String[] lines = code.split("\n", -1);
        String last = "";
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                last = lines[i];
                break;
            }
        }
        String lead = last.substring(0, last.length() - last.stripLeading().length());
        String end = last.stripTrailing();
        boolean opens = end.endsWith("{") || end.endsWith("(") || end.endsWith("[");
        return opens ? lead + "    " : lead;
    }
}
