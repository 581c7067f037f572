package org.fedpoison.render;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * The JJava extension ({@code META-INF/services/org.dflib.jjava.jupyter.Extension}): JJava installs it when this
 * jar comes onto a notebook's class path ({@code %jars}), and it registers {@link NotebookRendering}'s renderers.
 */
public final class RenderExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        NotebookRendering.registerAvailable(kernel);
    }
}
