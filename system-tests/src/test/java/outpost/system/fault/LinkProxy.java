package outpost.system.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy standing for one edge's link to the hub. On command it cuts every open
 * connection ({@link #cut()}), refuses new ones while the link is down ({@link #down(boolean)}), or
 * stops forwarding in both directions while keeping connections open ({@link #stall(boolean)}): bytes
 * then wait in the kernel's buffers and the peers see a silent link, not a closed one. The target can
 * change (a hub restarted on another port).
 */
public final class LinkProxy implements AutoCloseable {
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong upBytes = new AtomicLong();
  private final AtomicLong downBytes = new AtomicLong();
  private volatile long stallUpAt = Long.MAX_VALUE;
  private volatile long stallDownAt = Long.MAX_VALUE;
  private volatile long loseAnswersAt = Long.MAX_VALUE;
  private volatile InetSocketAddress target;
  private volatile boolean stalledUp;
  private volatile boolean stalledDown;
  private volatile boolean down;
  private volatile boolean closed;

  public LinkProxy(int targetPort) {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the proxy port", e);
    }
    target(targetPort);
    Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public String address() {
    return "127.0.0.1:" + port();
  }

  public void target(int port) {
    target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** Connections accepted so far. */
  public long connections() {
    return connections.get();
  }

  /** Closes every open connection (both sides see a reset or end of stream). */
  public void cut() {
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  /** While down, new connections are closed at once and open ones are cut. */
  public void down(boolean value) {
    down = value;
    if (value) {
      cut();
    }
  }

  /** While stalled, nothing is forwarded in either direction; connections stay open. */
  public void stall(boolean value) {
    stall(value, value);
  }

  /**
   * Stalls each direction on its own: with only {@code down} stalled the edge's messages reach the hub,
   * which commits and answers, but the answers wait here (an acknowledgement that is lost in the link).
   */
  public void stall(boolean up, boolean down) {
    synchronized (gate) {
      stalledUp = up;
      stalledDown = down;
      gate.notifyAll();
    }
  }

  /**
   * Arms a trip wire: the link stalls as soon as more than {@code bytes} more have gone up (edge to hub)
   * or down (hub to edge), so a stall lands in the middle of a push or a pull.
   */
  public void stallAfter(boolean up, long bytes) {
    if (up) {
      stallUpAt = upBytes.get() + bytes;
    } else {
      stallDownAt = downBytes.get() + bytes;
    }
  }

  /**
   * Arms a one-way trip wire: once more than {@code bytes} more have gone up, the down direction
   * stalls. A push batch bigger than the hello gets through and is committed by the hub; its
   * acknowledgement waits here until {@link #stall(boolean) stall(false)}.
   */
  public void loseAnswersAfter(long bytes) {
    loseAnswersAt = upBytes.get() + bytes;
  }

  /** Disarms the trip wires. */
  public void disarm() {
    loseAnswersAt = Long.MAX_VALUE;
    stallUpAt = Long.MAX_VALUE;
    stallDownAt = Long.MAX_VALUE;
  }

  private void forwarded(boolean up, int n) {
    long total = (up ? upBytes : downBytes).addAndGet(n);
    if (up && total > loseAnswersAt) {
      loseAnswersAt = Long.MAX_VALUE;
      stall(false, true);
    }
    if (total > (up ? stallUpAt : stallDownAt)) {
      stallUpAt = Long.MAX_VALUE;
      stallDownAt = Long.MAX_VALUE;
      stall(true);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.incrementAndGet();
      if (down) {
        closeQuietly(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(target, 2_000);
      } catch (IOException e) {
        closeQuietly(client); // the hub is down: the edge sees the connection fail
        closeQuietly(upstream);
        continue;
      }
      open.add(client);
      open.add(upstream);
      pump(client, upstream, "up");
      pump(upstream, client, "down");
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      boolean up = direction.equals("up");
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        while (true) {
          awaitFlowing(up);
          int n = in.read(buffer);
          if (n < 0) {
            break;
          }
          awaitFlowing(up);
          out.write(buffer, 0, n);
          out.flush();
          forwarded(up, n);
        }
      } catch (IOException | InterruptedException e) {
        // cut, closed, or reset by a peer: end both sides
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "proxy-" + direction + "-" + port());
    t.setDaemon(true);
    t.start();
  }

  private void awaitFlowing(boolean up) throws InterruptedException, SocketException {
    synchronized (gate) {
      while ((up ? stalledUp : stalledDown) && !closed) {
        gate.wait(200);
      }
    }
    if (closed) {
      throw new SocketException("proxy closed");
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    stall(false);
    try {
      server.close();
    } catch (IOException ignored) {
      // already closed
    }
    cut();
  }
}
