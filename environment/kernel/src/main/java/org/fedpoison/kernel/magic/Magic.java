package org.fedpoison.kernel.magic;

import org.fedpoison.kernel.execution.MagicException;

import java.util.List;

/**
 * One magic, registered by name in {@link Magics}, as IJava registers each magic as its own object.
 *
 * <p>A line magic is a line {@code %name args...}, or the value after an {@code =} ({@code List<String> cp =
 * %jars lib/*.jar}); a cell magic is a cell that starts with {@code %%name args...}, the rest of the cell being
 * its body. Both may return a value. Used as a value ({@code cp = %jars ...}) it is always there; on a line
 * of its own it becomes the cell's result only when {@link #showsValue()} says so (the value of {@code %time
 * CODE} is the code's; the list of jars {@code %jars} added is a by-product, as in IJava, where a standalone
 * magic is a statement).
 */
public interface Magic {

    /** The name, without {@code %}. */
    String name();

    /** Other names for the same magic ({@code jars} for {@code classpath}). */
    default List<String> aliases() {
        return List.of();
    }

    /** One line of usage, shown by {@code %lsmagic}: {@code %name ARGS: what it does}. */
    String usage();

    /** Whether {@code %name} is allowed. */
    default boolean isLine() {
        return true;
    }

    /**
     * Whether the value of this magic, on a line of its own (or as a cell magic) that ends the cell, is shown
     * as the cell's result. False by default: a magic run for its effect shows nothing.
     */
    default boolean showsValue() {
        return false;
    }

    /** Whether {@code %%name} is allowed. */
    default boolean isCell() {
        return false;
    }

    /**
     * Runs {@code %name args}.
     *
     * @param invokedAs the name as written, with its {@code %} (an alias, possibly), for messages
     * @param args      the arguments, split at blanks (quotes group)
     * @return the magic's value, or null
     * @throws Exception anything; a {@link MagicException} is shown as one line
     */
    default Object line(String invokedAs, List<String> args) throws Exception {
        throw new MagicException(invokedAs + " is a cell magic: start the cell with %" + invokedAs);
    }

    /**
     * Runs {@code %%name args} with the rest of the cell as {@code body}.
     *
     * @return the magic's value, or null
     */
    default Object cell(String invokedAs, List<String> args, String body) throws Exception {
        throw new MagicException(invokedAs + " is not a cell magic; use " + invokedAs.substring(1)
                + " on a line of its own");
    }
}
