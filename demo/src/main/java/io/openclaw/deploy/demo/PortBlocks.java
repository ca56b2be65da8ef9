package io.openclaw.deploy.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds consecutive free loopback ports, so the demo never collides with a real agent on the same machine. */
final class PortBlocks {
    private PortBlocks() {}

    /** {@code preferred} if its block is free, else the first free block above 20000 in steps of {@code size}. */
    static int freeBlock(int preferred, int size) {
        if (allFree(preferred, size)) {
            return preferred;
        }
        for (int base = 20000; base + size <= 65000; base += size) {
            if (allFree(base, size)) {
                return base;
            }
        }
        throw new IllegalStateException("no block of " + size + " free local ports");
    }

    private static boolean allFree(int base, int size) {
        for (int port = base; port < base + size; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
