package org.fedpoison.kernel;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.fedpoison.kernel.execution.CellOutput;
import org.fedpoison.kernel.transport.VerifyingConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Wires a {@link FedpoisonKernel} to a {@link VerifyingConnection} and serves until shutdown.
 */
final class KernelServer {

    private static final Logger LOG = LoggerFactory.getLogger(KernelServer.class);

    /**
     * JShell starts after the first kernel_info exchange, or this long after the sockets are bound if none
     * comes first (see {@link FedpoisonKernel#startShellAfter}).
     */
    static final long SHELL_START_DELAY_MILLIS = 500;

    private KernelServer() {
    }

    /**
     * @return the process's exit status: 0 after a shutdown request, 2 if the connection file is refused
     */
    static int serve(Path connectionFile) throws Exception {
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        KernelSettings settings = KernelSettings.from(System.getenv());
        settings.problems().forEach(p -> LOG.warn("setting ignored: {}", p));
        if (props.getKey() == null || props.getKey().isEmpty()) {
            if (!settings.allowEmptyKey()) {
                System.err.println("fedpoison kernel: refusing connection file " + connectionFile + ": its key is "
                        + "empty, so anyone who reaches its ports could run code. Give it a key (Jupyter does by "
                        + "default), or set FEDPOISON_ALLOW_EMPTY_KEY=true to accept it.");
                return 2;
            }
            LOG.warn("connection file {} has an empty key (FEDPOISON_ALLOW_EMPTY_KEY): messages are not authenticated",
                    connectionFile);
        }
        FedpoisonKernel kernel = new FedpoisonKernel(Path.of("").toAbsolutePath(), settings);
        VerifyingConnection connection = new VerifyingConnection(props, settings.maxMessageBytes());
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.cancelInputWhen(kernel::interrupting);
        connection.warmUp(kernel.kernelInfo());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> sayWhyExiting(kernel), "fedpoison-exit-note"));
        connection.connect();
        kernel.startShellAfter(SHELL_START_DELAY_MILLIS);
        LOG.info("kernel listening on {}://{}", props.getTransport(), props.getIp());
        connection.waitUntilClose();
        return 0;
    }

    /**
     * The JVM is ending while a cell runs and nobody asked for a shutdown: code outside the cell (a library, a
     * thread) called {@code System.exit}. The cell gets one line saying so before the process goes.
     */
    private static void sayWhyExiting(FedpoisonKernel kernel) {
        CellOutput out = kernel.currentOutput();
        if (out == null || kernel.shuttingDown()) {
            return;
        }
        out.err().println("fedpoison kernel: the Java process is exiting (System.exit or Runtime.exit was called "
                + "outside the cell's own code); Jupyter restarts the kernel and every definition is lost.");
        out.close();
        try {
            Thread.sleep(300); // let the I/O thread send it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
