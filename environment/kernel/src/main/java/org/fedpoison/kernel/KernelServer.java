package org.fedpoison.kernel;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
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

    static int serve(Path connectionFile) throws Exception {
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        if (props.getKey() == null || props.getKey().isEmpty()) {
            LOG.warn("connection file {} has an empty key: messages cannot be authenticated", connectionFile);
        }
        FedpoisonKernel kernel = new FedpoisonKernel(Path.of("").toAbsolutePath());
        VerifyingConnection connection = new VerifyingConnection(props);
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.warmUp(kernel.kernelInfo());
        connection.connect();
        kernel.startShellAfter(SHELL_START_DELAY_MILLIS);
        LOG.info("kernel listening on {}://{}", props.getTransport(), props.getIp());
        connection.waitUntilClose();
        return 0;
    }
}
