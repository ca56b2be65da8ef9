package io.openclaw.deploy.agent.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a block of free loopback ports, so tests never collide with each other or with a real agent's defaults.
 * Blocks lie below the operating systems' ephemeral ranges (Linux from 32768, Windows from 49152): a port that is free
 * now but inside that range can be taken as the local port of any outgoing connection before a loop binds it.
 */
public final class FreePorts {
    private FreePorts() {}

    private static final int LOWEST = 10000;
    private static final int BELOW_EPHEMERAL = 32768;

    /** First port of {@code size} (at most 100) consecutive ports that are free now, from 10000 up to 32767. */
    public static int block(int size) {
        if (size < 1 || size > 100) {
            throw new IllegalArgumentException("block size must be 1 to 100, was " + size);
        }
        int blocks = (BELOW_EPHEMERAL - LOWEST) / 100;
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = LOWEST + ThreadLocalRandom.current().nextInt(blocks) * 100;
            if (allFree(base, size)) {
                return base;
            }
        }
        throw new IllegalStateException("no block of " + size + " free ports found");
    }

    private static boolean allFree(int base, int size) {
        for (int port = base; port < base + size; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
