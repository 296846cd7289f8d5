package outpost.system.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port in front of a real server, for tests that need the link to the server
 * to break without stopping the server (the shared PostgreSQL must keep running for others): {@link #cut()}
 * closes every connection and stops listening (new connections are refused), {@link #restore()} listens
 * again on the same port. An optional rate limit (bytes per second, client to server only) makes an upload
 * slow enough to interrupt in the middle.
 */
final class LoopbackProxy implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;
  private final InetSocketAddress target;
  private final long bytesPerSecond;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private volatile ServerSocket server;
  private final int port;

  LoopbackProxy(String targetHost, int targetPort, long bytesPerSecond) throws IOException {
    this.target = new InetSocketAddress(targetHost, targetPort);
    this.bytesPerSecond = bytesPerSecond;
    this.port = listen(0);
  }

  LoopbackProxy(String targetHost, int targetPort) throws IOException {
    this(targetHost, targetPort, 0);
  }

  int port() {
    return port;
  }

  /** How many client connections the proxy has accepted. */
  long accepted() {
    return accepted.get();
  }

  /** Breaks the link: closes the listening socket and every proxied connection. */
  synchronized void cut() throws IOException {
    ServerSocket s = server;
    server = null;
    if (s != null) {
      s.close();
    }
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  /** Listens again on the same port. */
  synchronized void restore() throws IOException {
    if (server == null) {
      listen(port);
    }
  }

  private int listen(int onPort) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
    server = s;
    Thread acceptor = new Thread(() -> acceptLoop(s), "proxy-accept-" + s.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return s.getLocalPort();
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket upstream = new Socket();
        try {
          upstream.connect(target, 5_000);
        } catch (IOException e) {
          closeQuietly(client);
          continue;
        }
        accepted.incrementAndGet();
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        open.add(client);
        open.add(upstream);
        pump(client, upstream, "up", bytesPerSecond);
        pump(upstream, client, "down", 0);
      } catch (IOException e) {
        return; // the listening socket was closed by cut() or close()
      }
    }
  }

  private void pump(Socket from, Socket to, String direction, long rate) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[CHUNK];
      long started = System.nanoTime();
      long sent = 0;
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
          sent += n;
          if (rate > 0) {
            // Pace to the rate: the ahead-of-schedule time is slept off (a rate limit, not a wait for completion).
            long dueNanos = sent * 1_000_000_000L / rate;
            long ahead = dueNanos - (System.nanoTime() - started);
            if (ahead > 0) {
              TimeUnit.NANOSECONDS.sleep(ahead);
            }
          }
        }
      } catch (IOException | InterruptedException e) {
        // the other side or cut() closed the connection
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "proxy-" + direction);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
