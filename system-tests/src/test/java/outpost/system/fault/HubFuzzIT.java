package outpost.system.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import outpost.proto.v1.Change;
import outpost.proto.v1.HelloRequest;
import outpost.proto.v1.Op;
import outpost.proto.v1.PullRequest;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.PushBatch;
import outpost.proto.v1.ResultStatus;
import outpost.system.fixture.PgSchema;
import outpost.system.fixture.RawBytes;

/**
 * Hostile bytes against the real hub (its jar, on the embedded store and on PostgreSQL): raw gRPC calls
 * with a byte-array marshaller and a registered site's credentials send random and mutated messages to
 * Hello, Push and Pull, then well-formed but hostile changes. The hub never dies, every call ends with a
 * status (none hangs), and nothing is stored: the head does not move and no record appears. The seed
 * is printed; replay with -Doutpost.seed=N.
 */
class HubFuzzIT {
  static final int CALLS = 300;
  private static final MethodDescriptor.Marshaller<byte[]> BYTES = RawBytes.MARSHALLER;

  @TempDir
  Path tmp;

  private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("outpost.v1.Sync", name))
        .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
  }

  static final MethodDescriptor<byte[], byte[]> HELLO = method("Hello", MethodDescriptor.MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> PUSH = method("Push", MethodDescriptor.MethodType.BIDI_STREAMING);
  static final MethodDescriptor<byte[], byte[]> PULL = method("Pull", MethodDescriptor.MethodType.SERVER_STREAMING);

  /** What one call answered: its status and the messages that came back. */
  record Outcome(Status status, List<byte[]> messages) {}

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"embedded", "pg"})
  void randomAndMutatedMessagesNeverCrashTheHubNorStoreAnything(String store) throws Exception {
    long seed = Long.getLong("outpost.seed", System.nanoTime());
    System.out.println("FUZZ store=" + store + " seed=" + seed + " (replay: -Doutpost.seed=" + seed + ")");
    Random random = new Random(seed);
    try (PgSchema schema = store.equals("pg") ? new PgSchema() : null;
        HubProcess hub = new HubProcess(tmp.resolve("hub"), schema != null ? List.of("--pg-url", schema.url())
            : List.of("--data", tmp.resolve("hub-data").toString()), new JsonObject())) {
      int port = hub.start();
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("x-outpost-site", Metadata.ASCII_STRING_MARSHALLER), "fuzzer");
      headers.put(Metadata.Key.of("x-outpost-token", Metadata.ASCII_STRING_MARSHALLER), hub.addSite("fuzzer"));
      headers.put(Metadata.Key.of("x-outpost-protocol", Metadata.ASCII_STRING_MARSHALLER), "1");
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
          .maxInboundMessageSize(16 << 20).build();
      Map<String, Integer> statuses = new TreeMap<>();
      try {
        List<byte[]> seeds = validMessages();
        for (int i = 0; i < CALLS; i++) {
          int kind = random.nextInt(3);
          MethodDescriptor<byte[], byte[]> m = kind == 0 ? HELLO : kind == 1 ? PUSH : PULL;
          int messages = m == PUSH ? 1 + random.nextInt(3) : 1;
          List<byte[]> send = new ArrayList<>();
          for (int j = 0; j < messages; j++) {
            send.add(random.nextInt(3) == 0 ? randomBytes(random) : mutate(random, seeds.get(random.nextInt(seeds.size()))));
          }
          Outcome o = call(channel, headers, m, send);
          statuses.merge(m.getBareMethodName() + ":" + o.status().getCode(), 1, Integer::sum);
          assertTrue(o.status().getCode() != Status.Code.DEADLINE_EXCEEDED,
              "call " + i + " to " + m.getBareMethodName() + " hung (seed " + seed + ")");
          if (m == PUSH) {
            noChangeApplied(o, "call " + i + " (seed " + seed + ")");
          }
        }
        // Over the limit: refused before it is read.
        Outcome big = call(channel, headers, PUSH, List.of(new byte[9 << 20]));
        statuses.merge("Push:oversized:" + big.status().getCode(), 1, Integer::sum);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, big.status().getCode(), big.status().toString());
        hostileChanges(channel, headers, statuses);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      System.out.println("FUZZ store=" + store + " statuses " + statuses);
      assertTrue(hub.up() && hub.rest().get(hub.url() + "/health").status() == 200, "the hub is alive");
      assertEquals(0, hub.rest().get(hub.url() + "/api/records/notes?limit=10").json().getJsonArray("items").size());
      assertEquals(0, hub.rest().get(hub.url() + "/api/records/patients?limit=10").json().getJsonArray("items").size());
      assertEquals(0, hub.rest().get(hub.url() + "/api/records/items?limit=10").json().getJsonArray("items").size());
      assertEquals(0L, head(channel(port), headers), "the head did not move: nothing was stored");
    }
  }

  /**
   * Well-formed changes no edge would send: bad ids (NUL, 100 KB, empty), data that is not a JSON object,
   * JSON nested 5,000 deep, an unknown op, another site's record, a hub-only collection, an unknown one.
   * Each is refused by itself (REJECTED with a reason) or the call fails with an error status; none is stored.
   */
  private void hostileChanges(ManagedChannel channel, Metadata headers, Map<String, Integer> statuses) {
    List<Change> changes = List.of(
        change("notes", "nul\u0000id", "{\"a\":1}"),
        change("notes", "x".repeat(100_000), "{\"a\":1}"),
        change("notes", "", "{\"a\":1}"),
        change("notes", "not-json", "{\"a\":"),
        change("notes", "array", "[1,2,3]"),
        change("notes", "deep", "[".repeat(5_000) + "]".repeat(5_000)),
        change("notes", "deep-object", "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)),
        change("items", "hub-only", "{\"a\":1}"),
        change("unknown-collection", "u", "{\"a\":1}"),
        change("patients", "someone-elses", "{\"a\":1}").toBuilder().setOwner("clinic-other").build(),
        change("notes", "no-op", "{\"a\":1}").toBuilder().setOp(Op.OP_UNSPECIFIED).build(),
        change("notes", "bad-op", "{\"a\":1}").toBuilder().setOpValue(99).build(),
        change("notes", "resolves-nothing", "{\"a\":1}").toBuilder().setResolution("local").build());
    long seq = 1_000;
    for (Change c : changes) {
      byte[] batch = PushBatch.newBuilder().setBatchNo(1).addChanges(c.toBuilder().setOriginSeq(++seq)).build()
          .toByteArray();
      Outcome o = call(channel, headers, PUSH, List.of(batch));
      String what = c.getId().length() > 20 ? c.getId().substring(0, 20) + "..." : c.getId();
      statuses.merge("hostile:" + o.status().getCode(), 1, Integer::sum);
      noChangeApplied(o, "hostile change " + c.getCollection() + "/" + what);
      if (o.status().isOk()) {
        assertEquals(1, o.messages().size(), what);
        try {
          ResultStatus result = PushAck.parseFrom(o.messages().get(0)).getResults(0).getStatus();
          assertEquals(ResultStatus.REJECTED, result, "hostile change " + c.getCollection() + "/" + what);
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
    }
  }

  private static Change change(String collection, String id, String data) {
    return Change.newBuilder().setCollection(collection).setId(id).setOp(Op.PUT)
        .setData(ByteString.copyFrom(data, StandardCharsets.UTF_8)).addChangedFields("a").build();
  }

  /** No acknowledgement may report a change APPLIED or MERGED. */
  private static void noChangeApplied(Outcome o, String where) {
    for (byte[] m : o.messages()) {
      try {
        for (var r : PushAck.parseFrom(m).getResultsList()) {
          assertTrue(r.getStatus() != ResultStatus.APPLIED && r.getStatus() != ResultStatus.MERGED,
              where + ": " + r);
        }
      } catch (IOException e) {
        throw new AssertionError(where + ": the hub answered bytes that are not a PushAck", e);
      }
    }
  }

  /** Valid messages of each method, the material mutations start from. */
  private static List<byte[]> validMessages() {
    List<byte[]> out = new ArrayList<>();
    out.add(HelloRequest.newBuilder().setNodeVersion("1").build().toByteArray());
    out.add(PullRequest.newBuilder().setCursor(0).setBatchSize(100).addCollections("notes").setSyncId("s").build()
        .toByteArray());
    // Push batches whose changes a mutation cannot make acceptable: a hub-only collection, an unknown
    // one, and data that is not a JSON object.
    out.add(PushBatch.newBuilder().setBatchNo(1).setSyncId("s")
        .addChanges(change("items", "i1", "{\"name\":\"x\"}").toBuilder().setOriginSeq(1))
        .addChanges(change("zzzzz", "z1", "{\"name\":\"x\"}").toBuilder().setOriginSeq(2))
        .addChanges(change("notes", "n1", "<not json>").toBuilder().setOriginSeq(3))
        .build().toByteArray());
    return out;
  }

  private static byte[] randomBytes(Random random) {
    byte[] b = new byte[random.nextInt(2_000)];
    random.nextBytes(b);
    return b;
  }

  /** Bit flips, truncation, insertion, a duplicated slice, or a huge varint at a random place. */
  static byte[] mutate(Random random, byte[] valid) {
    byte[] b = valid.clone();
    int ops = 1 + random.nextInt(4);
    for (int k = 0; k < ops && b.length > 0; k++) {
      int at = random.nextInt(b.length);
      switch (random.nextInt(5)) {
        case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> b = java.util.Arrays.copyOf(b, at);
        case 2 -> {
          byte[] n = new byte[b.length + 1];
          System.arraycopy(b, 0, n, 0, at);
          n[at] = (byte) random.nextInt(256);
          System.arraycopy(b, at, n, at + 1, b.length - at);
          b = n;
        }
        case 3 -> {
          int len = Math.min(b.length - at, 1 + random.nextInt(32));
          byte[] n = new byte[b.length + len];
          System.arraycopy(b, 0, n, 0, at + len);
          System.arraycopy(b, at, n, at + len, b.length - at);
          b = n;
        }
        default -> {
          byte[] varint = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x0f};
          byte[] n = new byte[b.length + varint.length];
          System.arraycopy(b, 0, n, 0, at);
          System.arraycopy(varint, 0, n, at, varint.length);
          System.arraycopy(b, at, n, at + varint.length, b.length - at);
          b = n;
        }
      }
    }
    return b;
  }

  /** One call: send the messages, half-close, collect what comes back until the status (20 s deadline). */
  static Outcome call(ManagedChannel channel, Metadata headers, MethodDescriptor<byte[], byte[]> method,
      List<byte[]> messages) {
    ClientCall<byte[], byte[]> call = channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    List<byte[]> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] message) {
        received.add(message);
        call.request(1);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, headers);
    call.request(1);
    try {
      for (byte[] m : messages) {
        call.sendMessage(m);
      }
      call.halfClose();
    } catch (RuntimeException e) {
      call.cancel("client failed to send", e);
    }
    try {
      return new Outcome(closed.get(30, TimeUnit.SECONDS), received);
    } catch (Exception e) {
      throw new AssertionError("no status for a call to " + method.getBareMethodName(), e);
    }
  }

  private static ManagedChannel channel(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  private static long head(ManagedChannel channel, Metadata headers) throws Exception {
    try {
      Outcome o = call(channel, headers, HELLO, List.of(HelloRequest.newBuilder().setNodeVersion("1").build().toByteArray()));
      assertTrue(o.status().isOk(), o.status().toString());
      return outpost.proto.v1.HelloReply.parseFrom(o.messages().get(0)).getHead();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
