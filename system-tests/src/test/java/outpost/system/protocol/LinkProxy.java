package outpost.system.protocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 (port 0) between edges and a hub that breaks the link on purpose. Each
 * accepted connection takes the next planned {@link Fault} (or the default one): cut after a number of
 * bytes in one direction or after some time, stall (forward nothing, keep the socket open), refuse, or
 * cut at the first response DATA frame of a named gRPC method. The HTTP/2 frames passing are followed
 * ({@link FrameTracker}) so that each fault is counted under the call it broke.
 */
final class LinkProxy implements AutoCloseable {
  enum Direction { TO_HUB, TO_EDGE }

  /** What the proxy does to one connection. */
  record Fault(Kind kind, Direction direction, long amount, String method) {
    enum Kind { NONE, CUT_AFTER_BYTES, CUT_AFTER_MILLIS, STALL, STALL_AFTER_BYTES, REFUSE, CUT_AT_RESPONSE_DATA }

    static Fault none() {
      return new Fault(Kind.NONE, null, 0, null);
    }

    static Fault cutAfterBytes(Direction direction, long bytes) {
      return new Fault(Kind.CUT_AFTER_BYTES, direction, bytes, null);
    }

    static Fault cutAfterMillis(long millis) {
      return new Fault(Kind.CUT_AFTER_MILLIS, null, millis, null);
    }

    static Fault stall() {
      return new Fault(Kind.STALL, null, 0, null);
    }

    static Fault stallAfterBytes(Direction direction, long bytes) {
      return new Fault(Kind.STALL_AFTER_BYTES, direction, bytes, null);
    }

    static Fault refuse() {
      return new Fault(Kind.REFUSE, null, 0, null);
    }

    /** Cuts when the hub's first DATA frame of this method (e.g. "/outpost.v1.Sync/Push") would pass. */
    static Fault cutAtResponseData(String method) {
      return new Fault(Kind.CUT_AT_RESPONSE_DATA, Direction.TO_EDGE, 0, method);
    }
  }

  private final int hubPort;
  private final ServerSocket server;
  private final ConcurrentLinkedQueue<Fault> planned = new ConcurrentLinkedQueue<>();
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "proxy-timer"));
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger faultsHit = new AtomicInteger();
  private final Map<String, AtomicInteger> hitsByCall = new ConcurrentHashMap<>();
  private volatile Fault fallback = Fault.none();
  private volatile boolean closed;

  LinkProxy(int hubPort) {
    this.hubPort = hubPort;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    daemon(this::acceptLoop, "proxy-accept").start();
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Faults for the next connections, in order; after them the fallback applies. */
  void plan(Fault... faults) {
    planned.addAll(java.util.List.of(faults));
  }

  /** Drops faults not used yet. */
  void clearPlan() {
    planned.clear();
  }

  /** The fault for connections with nothing planned (initially none). */
  void fallback(Fault fault) {
    fallback = fault;
  }

  int connections() {
    return connections.get();
  }

  /** How many connections a fault actually hit (a cut, stall or refusal that happened). */
  int faultsHit() {
    return faultsHit.get();
  }

  /**
   * Faults hit, by the gRPC method of the last DATA frame that passed on the connection before the fault
   * ("Push", "Pull", "Hello"; "-" before any): which call a cut or stall broke.
   */
  Map<String, Integer> hitsByCall() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    hitsByCall.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Cuts every open connection now. */
  void cutAll() {
    links.forEach(Link::cut);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket edge;
      try {
        edge = server.accept();
      } catch (IOException e) {
        return;
      }
      connections.incrementAndGet();
      Fault fault = planned.poll();
      Link link = new Link(edge, fault == null ? fallback : fault);
      links.add(link);
      daemon(link::start, "proxy-link").start();
    }
  }

  /** One proxied connection and its two pumps. */
  private final class Link implements FrameTracker.Calls {
    final Socket edge;
    final Fault fault;
    final AtomicBoolean done = new AtomicBoolean();
    final CountDownLatch closedLatch = new CountDownLatch(1);
    final Map<Integer, String> paths = new ConcurrentHashMap<>();
    volatile boolean stalled;
    volatile String lastCall = "-";
    Socket hub;

    Link(Socket edge, Fault fault) {
      this.edge = edge;
      this.fault = fault;
    }

    @Override
    public Map<Integer, String> paths() {
      return paths;
    }

    @Override
    public void data(String path) {
      if (path != null && !path.isEmpty()) {
        lastCall = path.substring(path.lastIndexOf('/') + 1);
      }
    }

    /** Counts a fault that happened, under the call it broke. */
    void hit() {
      faultsHit.incrementAndGet();
      hitsByCall.computeIfAbsent(lastCall, k -> new AtomicInteger()).incrementAndGet();
    }

    void start() {
      switch (fault.kind()) {
        case REFUSE -> {
          hit();
          abort();
          return;
        }
        case STALL -> {
          hit();
          stalled = true;
          return; // keeps the socket open and reads nothing until cut or close
        }
        default -> { }
      }
      try {
        hub = new Socket(InetAddress.getLoopbackAddress(), hubPort);
        hub.setTcpNoDelay(true);
        edge.setTcpNoDelay(true);
      } catch (IOException e) {
        abort();
        return;
      }
      if (fault.kind() == Fault.Kind.CUT_AFTER_MILLIS) {
        timer.schedule(() -> {
          if (!done.get()) {
            hit();
            abort();
          }
        }, fault.amount(), TimeUnit.MILLISECONDS);
      }
      daemon(() -> pump(Direction.TO_HUB), "proxy-to-hub").start();
      pump(Direction.TO_EDGE);
    }

    private void pump(Direction direction) {
      try {
        InputStream in = direction == Direction.TO_HUB ? edge.getInputStream() : hub.getInputStream();
        OutputStream out = direction == Direction.TO_HUB ? hub.getOutputStream() : edge.getOutputStream();
        if (fault.kind() == Fault.Kind.CUT_AT_RESPONSE_DATA) {
          frames(direction, new DataInputStream(in), out);
        } else {
          bytes(direction, in, out);
        }
      } catch (IOException e) {
        // the other side closed or the link was cut: end both directions
      } finally {
        close();
      }
    }

    /** Copies bytes, applying a byte-count fault that targets this direction. */
    private void bytes(Direction direction, InputStream in, OutputStream out) throws IOException {
      boolean counted = fault.direction() == direction
          && (fault.kind() == Fault.Kind.CUT_AFTER_BYTES || fault.kind() == Fault.Kind.STALL_AFTER_BYTES);
      long left = counted ? fault.amount() : Long.MAX_VALUE;
      FrameTracker tracker = new FrameTracker(direction == Direction.TO_HUB, this);
      byte[] buffer = new byte[16 * 1024];
      while (true) {
        if (left == 0) {
          hit();
          if (fault.kind() == Fault.Kind.CUT_AFTER_BYTES) {
            abort();
          } else {
            stalled = true;
            awaitClose();
          }
          return;
        }
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          return;
        }
        if (stalled) {
          awaitClose();
          return;
        }
        tracker.feed(buffer, 0, n);
        out.write(buffer, 0, n);
        out.flush();
        left -= counted ? n : 0;
      }
    }

    /** Forwards HTTP/2 frame by frame and cuts before the first response DATA frame of the chosen method. */
    private void frames(Direction direction, DataInputStream in, OutputStream out) throws IOException {
      FrameTracker tracker = new FrameTracker(direction == Direction.TO_HUB, this);
      if (direction == Direction.TO_HUB) {
        byte[] preface = new byte[FrameTracker.PREFACE.length];
        in.readFully(preface);
        tracker.feed(preface, 0, preface.length);
        out.write(preface);
      }
      byte[] header = new byte[9];
      while (true) {
        try {
          in.readFully(header);
        } catch (EOFException e) {
          return;
        }
        int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
        int type = header[3] & 0xff;
        int stream = (header[5] & 0x7f) << 24 | (header[6] & 0xff) << 16 | (header[7] & 0xff) << 8 | header[8] & 0xff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (direction == Direction.TO_EDGE && type == FrameTracker.DATA && length > 0
            && fault.method().equals(paths.get(stream))) {
          data(paths.get(stream));
          hit();
          abort();
          return;
        }
        tracker.feed(header, 0, header.length);
        tracker.feed(payload, 0, length);
        out.write(header);
        out.write(payload);
        out.flush();
      }
    }

    private void awaitClose() {
      try {
        closedLatch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Breaks the link at once (RST to both sides). */
    void cut() {
      abort();
    }

    private void abort() {
      try {
        edge.setSoLinger(true, 0);
        if (hub != null) {
          hub.setSoLinger(true, 0);
        }
      } catch (IOException ignored) {
        // the socket is already gone
      }
      close();
    }

    private void close() {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      quietly(edge);
      if (hub != null) {
        quietly(hub);
      }
      closedLatch.countDown();
      links.remove(this);
    }
  }

  private static void quietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a broken socket
    }
  }

  private static Thread daemon(Runnable body, String name) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // already closed
    }
    cutAll();
    timer.shutdownNow();
  }
}
