package org.fedpoison.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.fedpoison.kernel.execution.CellErrors;
import org.fedpoison.kernel.execution.Execution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.function.Consumer;

/**
 * What cells compile against and load from: jars and class directories added to JShell (each once), then the
 * JJava extensions ({@code META-INF/services/org.dflib.jjava.jupyter.Extension}) they carry, installed as stock
 * JJava does, and the kernel's own chart and table renderers once XChart or Tablesaw is there.
 */
final class CellClasspath {

    private static final Logger LOG = LoggerFactory.getLogger(CellClasspath.class);
    private static final String RENDERING_CLASS = "org.fedpoison.render.NotebookRendering";

    private final BaseKernel kernel;
    private final Execution execution;
    private final boolean builtinRenderers;
    private final Consumer<ClassLoader> installExtensions;

    /**
     * @param installExtensions installs the JJava extensions a class loader offers (BaseKernel's)
     */
    CellClasspath(BaseKernel kernel, Execution execution, boolean builtinRenderers,
                  Consumer<ClassLoader> installExtensions) {
        this.kernel = kernel;
        this.execution = execution;
        this.builtinRenderers = builtinRenderers;
        this.installExtensions = installExtensions;
    }

    /** Adds the paths not added before; returns those it added, absolute and normalized. */
    List<Path> add(List<Path> paths) {
        List<Path> added = new ArrayList<>();
        for (Path p : paths) {
            if (execution.addToClasspath(p)) {
                added.add(p.toAbsolutePath().normalize());
            }
        }
        if (!added.isEmpty()) {
            ClassLoader loader = execution.snippetLoader();
            if (loader != null) {
                if (builtinRenderers) {
                    registerBundledRenderers(loader);
                }
                try {
                    installExtensions.accept(loader);
                } catch (RuntimeException | ServiceConfigurationError e) {
                    System.err.println("fedpoison kernel: a JJava extension on the new class path failed to load: "
                            + CellErrors.headline(e));
                }
            }
        }
        return added;
    }

    /**
     * The kernel's own renderers for charts and tables: the render module's jar that ships beside the kernel's
     * ({@code render/fedpoison-render.jar}), added to the cells' class path once XChart or Tablesaw is there, so
     * it links against the notebook's copies, and asked to register what it finds (again after every class
     * path change: XChart may come after Tablesaw). {@code FEDPOISON_BUILTIN_RENDERERS=false} turns this off,
     * leaving only the JJava extensions the notebook itself loads, as on stock JJava.
     */
    private void registerBundledRenderers(ClassLoader loader) {
        if (!loadable(loader, "org.knowm.xchart.BitmapEncoder") && !loadable(loader, "tech.tablesaw.api.Table")) {
            return;
        }
        try {
            if (!loadable(loader, RENDERING_CLASS)) {
                Path jar = bundledRenderJar();
                if (jar == null) {
                    LOG.warn("no render/fedpoison-render.jar beside the kernel: charts and tables show as text");
                    return;
                }
                execution.addToClasspath(jar);
            }
            Class.forName(RENDERING_CLASS, true, loader).getMethod("registerAvailable", BaseKernel.class)
                    .invoke(null, kernel);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("the kernel's chart and table renderers did not load: {}", e.toString());
        }
    }

    private static boolean loadable(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** {@code render/fedpoison-render.jar} beside the kernel's jar (or its {@code target/classes}), or null. */
    private static Path bundledRenderJar() {
        try {
            Path self = Path.of(CellClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path jar = self.getParent().resolve("render").resolve("fedpoison-render.jar");
            return Files.isRegularFile(jar) ? jar : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
