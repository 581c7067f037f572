package org.fedpoison.kernel.magic;

import org.fedpoison.kernel.execution.MagicException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The kernel's magics by name (aliases included), and the one place that runs them.
 *
 * <p>{@link #standard} registers IJava's and JJava's magics with their spellings: {@code %classpath} (alias
 * {@code %jars}), {@code %maven}, {@code %mavenRepo}, {@code %loadFromPOM} and {@code %%loadFromPOM},
 * {@code %load}, {@code %time} and {@code %%time}, {@code %lsmagic}.
 */
public final class Magics {

    private final Map<String, Magic> byName = new LinkedHashMap<>();
    private final List<Magic> magics = new ArrayList<>();

    /** The standard magics, acting on {@code context}. */
    public static Magics standard(MagicContext context) {
        Magics m = new Magics();
        MavenResolver resolver = new MavenResolver();
        m.register(new ClasspathMagic(context));
        m.register(new MavenMagic(context, resolver));
        m.register(new MavenRepoMagic(resolver));
        m.register(new LoadFromPomMagic(context, resolver));
        m.register(new LoadMagic(context));
        m.register(new TimeMagic(context));
        m.register(new LsMagic(m));
        return m;
    }

    /** Registers a magic under its name and aliases; a name already taken is refused. */
    public Magics register(Magic magic) {
        List<String> names = new ArrayList<>(magic.aliases());
        names.add(0, magic.name());
        for (String n : names) {
            if (byName.containsKey(n)) {
                throw new IllegalArgumentException("magic name '%" + n + "' is already registered");
            }
        }
        names.forEach(n -> byName.put(n, magic));
        magics.add(magic);
        return this;
    }

    /** Every registered magic, in registration order. */
    public List<Magic> all() {
        return List.copyOf(magics);
    }

    /** The names (aliases included) usable as {@code %name}. */
    public Collection<String> lineNames() {
        TreeSet<String> names = new TreeSet<>();
        byName.forEach((n, m) -> {
            if (m.isLine()) {
                names.add(n);
            }
        });
        return names;
    }

    /** The names usable as {@code %%name}. */
    public Collection<String> cellNames() {
        TreeSet<String> names = new TreeSet<>();
        byName.forEach((n, m) -> {
            if (m.isCell()) {
                names.add(n);
            }
        });
        return names;
    }

    /** Runs the line magic {@code %name args}. */
    public Object runLine(String name, List<String> args) throws Exception {
        return find("%" + name, name).line("%" + name, args);
    }

    /** Runs the cell magic {@code %%name args} on {@code body}. */
    public Object runCell(String name, List<String> args, String body) throws Exception {
        return find("%%" + name, name).cell("%%" + name, args, body);
    }

    /**
     * Whether the value of {@code name} is the cell's result when the magic stands on its own line (or is the
     * cell magic) at the end of a cell; see {@link Magic#showsValue()}. False for an unknown name.
     */
    public boolean showsValue(String name) {
        Magic m = byName.get(name);
        return m != null && m.showsValue();
    }

    private Magic find(String written, String name) {
        if (name.isEmpty()) {
            throw new MagicException(written + ": missing magic name; " + available());
        }
        Magic m = byName.get(name);
        if (m == null) {
            throw new MagicException(written + ": unknown magic; " + available());
        }
        return m;
    }

    private String available() {
        return "available: " + String.join(", ", lineNames().stream().map(n -> "%" + n).toList())
                + "; cell magics: " + String.join(", ", cellNames().stream().map(n -> "%%" + n).toList())
                + " (%lsmagic lists them)";
    }
}
