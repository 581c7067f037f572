/**
 * Small shared utilities: deterministic seed derivation ({@link org.fedpoison.util.Seeds}) and fast
 * loops over flat float32 parameter vectors ({@link org.fedpoison.util.FlatVectors}).
 */
package org.fedpoison.util;
