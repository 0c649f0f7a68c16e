package io.fstore.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on an ephemeral port of 127.0.0.1 to a server, whose open connections the test can reset at once (a
 * network blip, {@link #cut}); new connections go through again, unless the proxy {@link #refuse}s them (the server is
 * unreachable) until it {@link #admit}s them again.
 */
final class CuttableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;

    CuttableProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "fstore-test-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    closeQuietly(client, true);
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                if (refusing) { // refuse() came while this one was being connected
                    closeQuietly(client, true);
                    closeQuietly(upstream, true);
                    continue;
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed, or the server refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut or closed
            } finally {
                closeQuietly(from, false);
                closeQuietly(to, false);
            }
        }, "fstore-test-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Resets every open connection (RST, as a broken network does); returns how many there were. */
    int cut() {
        int n = open.size();
        for (Socket s : open) {
            closeQuietly(s, true);
        }
        open.clear();
        return n;
    }

    /** Resets every open connection, and every new one until {@link #admit}: the server is unreachable. */
    void refuse() {
        refusing = true;
        cut();
    }

    /** New connections go through again. */
    void admit() {
        refusing = false;
    }

    private static void closeQuietly(Socket s, boolean reset) {
        try {
            if (reset) {
                s.setSoLinger(true, 0);
            }
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
