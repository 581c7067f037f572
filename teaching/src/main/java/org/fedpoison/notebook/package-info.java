/**
 * Support for the notebooks in {@code notebooks/}: things a notebook would otherwise paste more
 * than once, each tested.
 *
 * <ul>
 *   <li>{@link org.fedpoison.notebook.FastMode}: the {@code FEDPOISON_FAST=1} switch that shrinks
 *       every notebook's experiments for continuous integration;</li>
 *   <li>{@link org.fedpoison.notebook.PipelineDiagram}: the poisoning pipeline of one federated
 *       round (the text's Figure 35.4.1), drawn with Java2D;</li>
 *   <li>{@link org.fedpoison.notebook.ImageGrid}: small grey-scale images (digits, poisons,
 *       trigger-stamped inputs) side by side with captions.</li>
 * </ul>
 * Tables of results print with a fixed number of decimals by the library's
 * {@link org.fedpoison.util.Decimals}, and progress shows with its {@link org.fedpoison.util.Progress}.
 * Images are returned as {@link java.awt.image.BufferedImage}, which the kernel shows as
 * {@code image/png}; nothing here talks to the kernel directly.
 */
package org.fedpoison.notebook;
