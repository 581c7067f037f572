package org.fedpoison.kernel;

import org.fedpoison.kernel.execution.CellErrors;
import org.fedpoison.kernel.magic.Globs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the IJava/JJava settings ask for before the first cell: the class path ({@code IJAVA_CLASSPATH}),
 * start-up script files ({@code IJAVA_STARTUP_SCRIPTS_PATH}) and start-up code ({@code IJAVA_STARTUP_SCRIPT}).
 * A problem does not stop the kernel: it becomes a note the first cell prints.
 */
final class StartupSettings {

    private StartupSettings() {
    }

    /**
     * @param addToClasspath adds jars or directories to the cells' class path
     * @param runCode        runs code as a cell would (throws on failure)
     * @param notes          receives one line per problem
     */
    static void apply(KernelSettings settings, Path workDir, Consumer<List<Path>> addToClasspath,
                      Consumer<String> runCode, List<String> notes) {
        for (String entry : settings.classpath()) {
            try {
                List<Path> paths = Globs.expand(workDir, entry);
                if (paths.isEmpty()) {
                    notes.add("IJAVA_CLASSPATH entry '" + entry + "' names no file (relative to " + workDir + ")");
                }
                addToClasspath.accept(paths);
            } catch (Exception e) {
                notes.add("IJAVA_CLASSPATH entry '" + entry + "': " + CellErrors.headline(e));
            }
        }
        for (String entry : settings.startupScripts()) {
            try {
                List<Path> files = Globs.expand(workDir, entry);
                if (files.isEmpty()) {
                    notes.add("IJAVA_STARTUP_SCRIPTS_PATH entry '" + entry + "' names no file");
                }
                for (Path f : files) {
                    runCode.accept(Files.readString(f));
                }
            } catch (Exception e) {
                notes.add("start-up script '" + entry + "' failed: " + CellErrors.headline(e));
            }
        }
        if (!settings.startupCode().isBlank()) {
            try {
                runCode.accept(settings.startupCode());
            } catch (Exception e) {
                notes.add("IJAVA_STARTUP_SCRIPT failed: " + CellErrors.headline(e));
            }
        }
    }
}
