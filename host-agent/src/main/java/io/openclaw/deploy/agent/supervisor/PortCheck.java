package io.openclaw.deploy.agent.supervisor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Tells whether a loopback port can still be listened on. */
final class PortCheck {
    private PortCheck() {}

    /**
     * Binding is the only reliable test: a connect attempt misses a listener that does not accept yet and a port held
     * by a socket bound to the wildcard address. Loops listen on loopback, so that is where we try.
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
