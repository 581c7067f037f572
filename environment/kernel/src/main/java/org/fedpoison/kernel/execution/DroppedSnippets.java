package org.fedpoison.kernel.execution;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lets JShell forget the temporaries the kernel drops. JShell keeps every snippet it was given, dropped ones
 * too, for the session's life: in its snippet list (which every later compilation copies and scans) and in its
 * map of generated classes' sources, about 4 KB each with the generated source. A dropped temporary is
 * referred to by nothing else (no later snippet can name it), so the kernel removes it from those two places.
 *
 * <p>This reaches into {@code jdk.jshell}'s internals ({@code SnippetMaps.snippets},
 * {@code SnippetMaps.keyIndexToSnippet}, {@code OuterWrapMap.classOuters}, {@code
 * OuterSnippetsClassWrap.wrapToSnippet}; the same in JDK 17 and 25), which
 * needs {@code --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED} (the kernelspec passes it). Where that is
 * missing or the fields differ, nothing is removed and the kernel works as before, only larger.
 */
final class DroppedSnippets {

    private static final Logger LOG = LoggerFactory.getLogger(DroppedSnippets.class);

    private final Field maps;
    private final Field snippets;
    private final Field keyIndexToSnippet;
    private final Field outerMap;
    private final Field classOuters;

    private DroppedSnippets(Field maps, Field snippets, Field keyIndexToSnippet, Field outerMap, Field classOuters) {
        this.maps = maps;
        this.snippets = snippets;
        this.keyIndexToSnippet = keyIndexToSnippet;
        this.outerMap = outerMap;
        this.classOuters = classOuters;
    }

    /** The remover, or null where JShell's internals cannot be reached. */
    static DroppedSnippets create() {
        try {
            Field maps = open(JShell.class, "maps");
            Field outerMap = open(JShell.class, "outerMap");
            Class<?> snippetMaps = maps.getType();
            return new DroppedSnippets(maps, open(snippetMaps, "snippets"), open(snippetMaps, "keyIndexToSnippet"),
                    outerMap, open(outerMap.getType(), "classOuters"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("JShell keeps dropped snippets (its internals are not open to the kernel: {})", e.toString());
            return null;
        }
    }

    /** Whether a generated class's source holds that snippet alone (a class can hold several). */
    private static boolean onlyHolds(Object outer, Snippet snippet) throws ReflectiveOperationException {
        Map<?, ?> held = (Map<?, ?>) open(outer.getClass(), "wrapToSnippet").get(outer);
        return held.size() == 1 && held.values().iterator().next() == snippet;
    }

    private static Field open(Class<?> c, String name) throws NoSuchFieldException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /**
     * Removes a dropped snippet from JShell's snippet list and its class's source from JShell's map of them.
     *
     * @param className the snippet's generated class, e.g. {@code REPL.$JShell$22}
     * @return whether it was removed
     */
    @SuppressWarnings("unchecked")
    boolean forget(JShell js, Snippet snippet, String className) {
        if (js.status(snippet).isActive()) {
            throw new IllegalArgumentException("snippet " + snippet.id() + " is not dropped");
        }
        try {
            Object m = maps.get(js);
            boolean removed = ((Set<Snippet>) snippets.get(m)).remove(snippet);
            List<Snippet> byKey = (List<Snippet>) keyIndexToSnippet.get(m);
            for (int i = byKey.size() - 1; i >= 0; i--) {
                if (byKey.get(i) == snippet) {
                    byKey.set(i, null);
                    break;
                }
            }
            String simple = className.substring(className.lastIndexOf('.') + 1);
            Map<String, ?> outers = (Map<String, ?>) classOuters.get(outerMap.get(js));
            Object outer = outers.get(simple);
            if (outer != null && onlyHolds(outer, snippet)) {
                outers.remove(simple);
            }
            return removed;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("could not remove snippet {}: {}", snippet.id(), e.toString());
            return false;
        }
    }
}
