package org.fedpoison.sweep;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep's runs table on disk, in CSV (RFC 4180 quoting), one line per finished run, appended and
 * flushed as each run finishes so that a crash loses at most the runs still executing.
 *
 * <p>Columns: the factors (labels, quoted), {@code seed}, the outcomes, {@code seconds}, {@code error}
 * (quoted, empty when the run succeeded). Numbers are written with {@link Double#toString(double)},
 * which reads back to the same bits, so a resumed sweep's table equals an uninterrupted one's.
 * A last line without its newline (a write cut short) is dropped when the file is opened.
 *
 * <p>Reading a file whose header differs from the sweep's columns is an error: it holds another
 * sweep's runs. Lines for runs the sweep no longer has are kept in the file and ignored.
 */
public final class RunsFile implements AutoCloseable {
    private final Path path;
    private final Sweep sweep;
    private final List<RunResult> results;
    private BufferedWriter out;

    private RunsFile(Path path, Sweep sweep, List<RunResult> results, BufferedWriter out) {
        this.path = path;
        this.sweep = sweep;
        this.results = results;
        this.out = out;
    }

    /** The header the sweep writes. */
    public static List<String> header(Sweep sweep) {
        List<String> h = new ArrayList<>(sweep.design().factorNames());
        h.add("seed");
        h.addAll(sweep.outcomes());
        h.add("seconds");
        h.add("error");
        return h;
    }

    /**
     * Opens (or creates, with its header) the runs file of {@code sweep} for appending, having read
     * the runs it already holds.
     *
     * @throws IllegalArgumentException if the file's header is not this sweep's, or a line is malformed
     */
    public static RunsFile open(Path path, Sweep sweep) throws IOException {
        List<String> header = header(sweep);
        List<RunResult> results = new ArrayList<>();
        if (Files.exists(path) && Files.size(path) > 0) {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1;
            if (end < text.length()) {   // a torn last line: cut it off
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                    ch.truncate(text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
                }
                text = text.substring(0, end);
            }
            String[] lines = text.split("\n");
            if (lines.length == 0 || lines[0].isEmpty()) {
                throw new IllegalArgumentException("runs file " + path + " has no header line");
            }
            List<String> got = parse(lines[0], path, 1);
            if (!got.equals(header)) {
                throw new IllegalArgumentException("runs file " + path + " has columns " + got + ", sweep '" + sweep.name()
                        + "' writes " + header + ": it holds another sweep's runs; use another file");
            }
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isEmpty()) {
                    results.add(toResult(parse(lines[i], path, i + 1), sweep, path, i + 1));
                }
            }
            BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return new RunsFile(path, sweep, results, w);
        }
        if (path.toAbsolutePath().getParent() != null) {
            Files.createDirectories(path.toAbsolutePath().getParent());
        }
        BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        w.write(line(header, header.size()));
        w.flush();
        return new RunsFile(path, sweep, results, w);
    }

    /** The runs read from the file when it was opened, in file order. */
    public List<RunResult> results() {
        return List.copyOf(results);
    }

    /** Appends one run and flushes. */
    public void append(RunResult r) {
        List<String> fields = new ArrayList<>(r.run().cell().levels());
        fields.add(Long.toString(r.run().seed()));
        for (String o : sweep.outcomes()) {
            fields.add(Double.toString(r.value(o)));
        }
        fields.add(Double.toString(r.seconds()));
        fields.add(r.error() == null ? "" : r.error());
        int quoted = sweep.design().factorNames().size();
        try {
            out.write(line(fields, quoted));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("runs file " + path, e);
        }
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("runs file " + path, e);
            }
            out = null;
        }
    }

    /** One CSV line: the first {@code quotedPrefix} fields and the last always quoted, the rest as is. */
    private static String line(List<String> fields, int quotedPrefix) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String f = fields.get(i);
            boolean quote = i < quotedPrefix || i == fields.size() - 1 || f.contains(",") || f.contains("\"");
            b.append(quote ? '"' + f.replace("\"", "\"\"") + '"' : f);
        }
        return b.append('\n').toString();
    }

    private static List<String> parse(String line, Path path, int lineNo) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        while (true) {
            f.setLength(0);
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException("runs file " + path + " line " + lineNo + ": unterminated quote");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            f.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        f.append(c);
                    }
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    f.append(line.charAt(i++));
                }
            }
            fields.add(f.toString());
            if (i >= line.length()) {
                return fields;
            }
            if (line.charAt(i) != ',') {
                throw new IllegalArgumentException("runs file " + path + " line " + lineNo + ": text after a closing quote");
            }
            i++;
        }
    }

    private static RunResult toResult(List<String> fields, Sweep sweep, Path path, int lineNo) {
        List<String> factors = sweep.design().factorNames();
        int expect = factors.size() + 1 + sweep.outcomes().size() + 2;
        if (fields.size() != expect) {
            throw new IllegalArgumentException("runs file " + path + " line " + lineNo + " has " + fields.size()
                    + " fields, the header has " + expect);
        }
        try {
            int k = 0;
            List<String> levels = new ArrayList<>(fields.subList(0, factors.size()));
            k += factors.size();
            long seed = Long.parseLong(fields.get(k++));
            Map<String, Double> values = new LinkedHashMap<>();
            for (String o : sweep.outcomes()) {
                values.put(o, Double.parseDouble(fields.get(k++)));
            }
            double seconds = Double.parseDouble(fields.get(k++));
            String error = fields.get(k);
            Run run = new Run(new Cell(factors, levels), seed, sweep.seeding());
            return new RunResult(run, values, seconds, error.isEmpty() ? null : error);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("runs file " + path + " line " + lineNo + ": " + e.getMessage(), e);
        }
    }
}
