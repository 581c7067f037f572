package org.fedpoison.kernel.magic;

import java.nio.file.Path;
import java.util.List;

/** What a magic may ask of the kernel. */
public interface MagicContext {

    /** The directory relative paths resolve against: the kernel's working directory, the notebook's. */
    Path workDir();

    /**
     * Adds jars or class directories to what cells compile against and load from (skipping those already
     * there), and installs the JJava extensions they carry.
     *
     * @return the paths that were new, absolute
     */
    List<Path> addToClasspath(List<Path> paths);

    /**
     * Runs code as a cell would (line magics included) and returns the value of its last part.
     */
    Object run(String code);
}
