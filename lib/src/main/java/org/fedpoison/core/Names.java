package org.fedpoison.core;

/** The check shared by the {@code named(...)} factories of the root interfaces. */
final class Names {
    private Names() {}

    static void require(String where, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(where + ": name is " + (name == null ? "null" : "\"" + name + "\"")
                    + ", must be a non-blank string");
        }
    }
}
