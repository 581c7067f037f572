package org.fedpoison.kernel.execution;

import jdk.jshell.SourceCodeAnalysis;
import org.fedpoison.kernel.analysis.CellParts;

import java.util.ArrayList;
import java.util.List;

/**
 * A cell's Java code cut into top-level snippets, with JShell's own analysis applied to one candidate statement
 * at a time (a line that ends at depth 0 with {@code ;} or {@code }}), never to the whole rest of the cell:
 * analysing the rest again for every snippet made a cell of n statements cost O(n²). A one-line assignment or
 * call needs no analysis to know its extent.
 */
final class Snippets {

    private Snippets() {
    }

    /** One top-level snippet: its source as JShell normalized it, where it starts in the cell, its kind. */
    record Piece(String source, int start, boolean statement) {
    }

    static List<Piece> cut(SourceCodeAnalysis sca, String text, int offset) {
        List<Piece> out = new ArrayList<>();
        List<Integer> ends = CellParts.statementEnds(text);
        int from = 0;
        int e = 0;
        while (from < text.length() && !text.substring(from).isBlank()) {
            while (e < ends.size() && ends.get(e) <= from) {
                e++;
            }
            int k = e;
            while (true) {
                int to = k < ends.size() ? ends.get(k) : text.length();
                String chunk = text.substring(from, to);
                if (to < text.length() && CellParts.isPlainStatement(chunk) && isOneLine(chunk)) {
                    // a one-line assignment or call: no need for JShell's (costly) analysis to know its extent
                    out.add(new Piece(chunk.strip(), offset + from + leadingBlank(chunk), true));
                    from = to;
                    break;
                }
                SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(chunk);
                SourceCodeAnalysis.Completeness c = info.completeness();
                if (c == SourceCodeAnalysis.Completeness.EMPTY) {
                    from = to;
                    break;
                }
                if (c == SourceCodeAnalysis.Completeness.COMPLETE
                        || c == SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI) {
                    out.add(new Piece(info.source(), offset + from + leadingBlank(chunk), CellParts.isPlainStatement(info.source())));
                    from += chunk.length() - info.remaining().length();
                    break;
                }
                if (to >= text.length()) {
                    // incomplete or unparseable to the end: let the compiler say what is wrong
                    out.add(new Piece(chunk, offset + from + leadingBlank(chunk), false));
                    from = text.length();
                    break;
                }
                k++; // incomplete up to this candidate end (a block, a chain over several lines): take more
            }
        }
        return out;
    }

    private static int leadingBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isOneLine(String chunk) {
        return chunk.strip().indexOf('\n') < 0;
    }

    /**
     * The index in the cell that corresponds to index 0 of {@code source} (JShell's normalized snippet,
     * which may keep leading blank lines or add a semicolon), searching near {@code guess}.
     */
    static int locate(String cell, String source, int guess) {
        String head = source.strip();
        int nl = head.indexOf('\n');
        if (nl > 0) {
            head = head.substring(0, nl);
        }
        if (head.length() > 20) {
            head = head.substring(0, 20);
        }
        if (head.isEmpty()) {
            return guess;
        }
        int inCell = cell.indexOf(head, Math.max(0, guess - 1));
        return inCell >= 0 ? inCell - source.indexOf(head) : guess;
    }
}
