package io.fstore.probe10;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server on 127.0.0.1 standing for a database server the test switches between three behaviours for new
 * connections: {@link Mode#HANG} accepts and never answers (connections accepted then stay hung), {@link Mode#REFUSE}
 * resets at once, {@link Mode#FORWARD} passes them to a real server.
 */
final class HangingServer implements AutoCloseable {

    enum Mode { HANG, REFUSE, FORWARD }

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final int targetPort;
    private volatile Mode mode;

    HangingServer() throws IOException {
        this(Mode.HANG, 0);
    }

    /** @param targetPort where {@link Mode#FORWARD} connects (on 127.0.0.1) */
    HangingServer(Mode mode, int targetPort) throws IOException {
        this.mode = mode;
        this.targetPort = targetPort;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "fstore-probe10-server");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void mode(Mode next) {
        mode = next;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                held.add(client);
                switch (mode) {
                    case HANG -> { }
                    case REFUSE -> {
                        client.setSoLinger(true, 0);
                        client.close();
                    }
                    case FORWARD -> {
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                        held.add(upstream);
                        pump(client, upstream);
                        pump(upstream, client);
                    }
                }
            } catch (IOException closed) {
                // the server was closed, or the real server refused: the client sees its connection end
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ended) {
                // one side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "fstore-probe10-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
