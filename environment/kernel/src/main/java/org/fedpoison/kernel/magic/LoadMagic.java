package org.fedpoison.kernel.magic;

import org.fedpoison.kernel.execution.MagicException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code %load FILE}: runs a {@code .jsh} or {@code .java} file, or the code cells of a {@code .ipynb}
 * notebook in order, as if typed into the cell; nested {@code %load}s go at most {@link #MAX_DEPTH} deep.
 */
final class LoadMagic implements Magic {

    static final int MAX_DEPTH = 8;

    private final MagicContext context;
    private int depth;

    LoadMagic(MagicContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "load";
    }

    /** The value is the value of the code it ran, shown as if that code were the cell. */
    @Override
    public boolean showsValue() {
        return true;
    }

    @Override
    public String usage() {
        return "%load FILE: run a .jsh or .java file, or a notebook's code cells, in this kernel";
    }

    @Override
    public Object line(String invokedAs, List<String> args) {
        if (args.size() != 1) {
            throw new MagicException(invokedAs + ": expected one file (.jsh, .java or .ipynb), got " + args.size()
                    + " arguments");
        }
        String arg = args.get(0);
        Path workDir = context.workDir();
        Path file = workDir.resolve(arg).normalize();
        String lower = arg.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".jsh") && !lower.endsWith(".java") && !lower.endsWith(".ipynb")) {
            throw new MagicException(invokedAs + ": cannot load '" + arg + "': expected a .jsh, .java or .ipynb file");
        }
        if (!Files.isRegularFile(file)) {
            throw new MagicException(invokedAs + ": no such file: '" + arg + "' (relative to " + workDir + ")");
        }
        if (depth >= MAX_DEPTH) {
            throw new MagicException(invokedAs + ": '" + arg + "' nests %load more than " + MAX_DEPTH + " deep");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new MagicException(invokedAs + ": cannot read '" + arg + "': " + e.getMessage());
        }
        List<String> cells;
        if (lower.endsWith(".ipynb")) {
            try {
                cells = NotebookCode.codeCells(text);
            } catch (IllegalArgumentException e) {
                throw new MagicException(invokedAs + ": '" + arg + "' is not a notebook: " + e.getMessage());
            }
        } else {
            cells = List.of(text);
        }
        depth++;
        try {
            Object last = null;
            for (String c : cells) {
                last = context.run(c);
            }
            return last;
        } finally {
            depth--;
        }
    }
}
