package org.fedpoison.kernel;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The inputs (and text outputs) of this session's cells that asked to be stored ({@code store_history}), kept in
 * memory for {@code history_request}: the last {@code capacity} cells, session number 1. Range requests accept
 * session 0 or 1 (this session) and a stop of 0 meaning "to the end"; search takes a glob ({@code *}, {@code ?}).
 */
final class InMemoryHistory implements HistoryManager {

    static final int SESSION = 1;

    private final int capacity;
    private final List<HistoryEntry> entries = new ArrayList<>();

    InMemoryHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(int cell, String input, String output) {
        entries.add(new HistoryEntry(SESSION, cell, input, output));
        if (entries.size() > capacity) {
            entries.remove(0);
        }
    }

    private static HistoryEntry shaped(HistoryEntry e, Set<ResultFlag> flags) {
        return flags.contains(ResultFlag.INCLUDE_OUTPUT) ? e
                : new HistoryEntry(e.getSession(), e.getCellNumber(), e.getInput(), null);
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        List<HistoryEntry> out = new ArrayList<>();
        if (session != 0 && session != SESSION) {
            return out;
        }
        for (HistoryEntry e : entries) {
            if (e.getCellNumber() >= start && (stop <= 0 || e.getCellNumber() < stop)) {
                out.add(shaped(e, flags));
            }
        }
        return out;
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int from = Math.max(0, entries.size() - Math.max(0, length));
        return entries.subList(from, entries.size()).stream().map(e -> shaped(e, flags)).toList();
    }

    @Override
    public synchronized List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        Pattern p = Pattern.compile(glob(pattern == null || pattern.isEmpty() ? "*" : pattern), Pattern.DOTALL);
        List<HistoryEntry> hits = new ArrayList<>();
        Set<String> inputs = new LinkedHashSet<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            HistoryEntry e = entries.get(i);
            if (p.matcher(e.getInput()).matches()
                    && (!flags.contains(ResultFlag.UNIQUE) || inputs.add(e.getInput()))) {
                hits.add(0, shaped(e, flags));
            }
        }
        int n = length <= 0 ? hits.size() : Math.min(length, hits.size());
        return List.copyOf(hits.subList(hits.size() - n, hits.size()));
    }

    private static String glob(String g) {
        StringBuilder b = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                default -> b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return b.toString();
    }
}
