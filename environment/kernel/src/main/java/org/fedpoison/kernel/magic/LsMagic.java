package org.fedpoison.kernel.magic;

import java.util.List;

/** {@code %lsmagic}: prints every magic with its usage. */
final class LsMagic implements Magic {

    private final Magics magics;

    LsMagic(Magics magics) {
        this.magics = magics;
    }

    @Override
    public String name() {
        return "lsmagic";
    }

    @Override
    public String usage() {
        return "%lsmagic: list the magics";
    }

    @Override
    public Object line(String invokedAs, List<String> args) {
        StringBuilder b = new StringBuilder("Line magics: ")
                .append(String.join(" ", magics.lineNames().stream().map(n -> "%" + n).toList()))
                .append("\nCell magics: ")
                .append(String.join(" ", magics.cellNames().stream().map(n -> "%%" + n).toList()))
                .append("\n\n");
        for (Magic m : magics.all()) {
            b.append("  ").append(m.usage()).append('\n');
        }
        System.out.print(b);
        return null;
    }
}
