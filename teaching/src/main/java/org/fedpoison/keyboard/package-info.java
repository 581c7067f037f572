/**
 * The keyboard example of Section 3 of the text: federated next-word prediction on a generated
 * corpus of phone messages ({@link org.fedpoison.keyboard.TemplateCorpus}), into which a few phones
 * implant a trigger prefix with a chosen completion ({@link org.fedpoison.keyboard.KeyboardBackdoor}).
 */
package org.fedpoison.keyboard;
