package org.fedpoison.kernel;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the fedpoison Jupyter kernel: {@code java org.fedpoison.kernel.KernelMain <connection-file>}.
 *
 * <p>Jupyter starts it with the path of a connection file (addresses, ports, HMAC key). The kernel binds
 * only to the address written there, serves until a shutdown request, then exits. Logging goes to the
 * process's own standard error (Jupyter's log), never into a notebook cell; the default level is
 * {@code warn} so ND4J's start-up banner stays out of sight. Set {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=debug}
 * to see more.
 */
public final class KernelMain {

    private KernelMain() {
    }

    /**
     * Starts the kernel.
     *
     * @param args exactly one argument, the connection file
     * @throws Exception when the connection file cannot be read or the sockets cannot be bound
     */
    public static void main(String[] args) throws Exception {
        // before any logger exists: level warn, and keep writing to the stderr of the process even
        // while a cell has System.err pointed at the notebook
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("org.slf4j.simpleLogger.cacheOutputStream", "true");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("java.awt.headless", "true");
        if (args.length != 1) {
            System.err.println("usage: java org.fedpoison.kernel.KernelMain <connection-file>");
            System.exit(2);
        }
        Path connectionFile = Path.of(args[0]);
        if (!Files.isReadable(connectionFile)) {
            System.err.println("fedpoison kernel: connection file not readable: " + connectionFile);
            System.exit(2);
        }
        watchParent();
        int status = KernelServer.serve(connectionFile);
        // JShell, AWT and ND4J may leave non-daemon threads behind; the kernel process ends here
        System.exit(status);
    }

    /**
     * Jupyter names its own process in {@code JPY_PARENT_PID}; if that process dies without shutting the
     * kernel down (killed, crashed), the kernel ends too instead of lingering as an orphan.
     */
    private static void watchParent() {
        String pid = System.getenv("JPY_PARENT_PID");
        if (pid == null || !pid.matches("\\d+") || Long.parseLong(pid) <= 1) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(parent -> {
            Thread watcher = new Thread(() -> {
                while (parent.isAlive()) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                Runtime.getRuntime().halt(1);
            }, "fedpoison-parent-watch");
            watcher.setDaemon(true);
            watcher.start();
        });
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
