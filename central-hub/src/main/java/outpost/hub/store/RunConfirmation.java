package outpost.hub.store;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import outpost.common.error.ErrorCode;

/**
 * How a site said its part of a run ended (the protocol's RunReport, docs/protocol.md): once the hub has it, the
 * run's status is the site's, so that edge and hub show one status for one sync id. Validated here, so that a
 * word outside the contract's never reaches a store.
 *
 * @param collections each collection the run synced with the hub, with its own status
 * @param errorCode the code the hub's part ended with on the edge, "" when none
 */
public record RunConfirmation(String status, Map<String, String> collections, String errorCode,
    String errorMessage) {

  /** The end states of the edge's RunStatus: a report is sent once a run has ended. */
  public static final Set<String> STATUSES = Set.of("COMPLETE", "PARTIAL", "FAILED");
  /** A report names the collections of one hub's part; more is not a real edge's. */
  public static final int MAX_COLLECTIONS = 1_000;
  /** The sentence is shown in a table cell: longer text is cut, not stored whole. */
  public static final int MAX_MESSAGE_CHARS = 500;

  /** @throws IllegalArgumentException naming the word that is not the contract's */
  public RunConfirmation {
    status(status, "status");
    collections = collections == null ? Map.of() : new TreeMap<>(collections);
    if (collections.size() > MAX_COLLECTIONS) {
      throw new IllegalArgumentException("a run report names at most " + MAX_COLLECTIONS + " collections");
    }
    collections.forEach((c, s) -> status(s, "status of collection '" + c + "'"));
    collections = Map.copyOf(collections);
    errorCode = errorCode == null ? "" : errorCode;
    String code = errorCode;
    if (!code.isEmpty() && Arrays.stream(ErrorCode.values()).noneMatch(c -> c.name().equals(code))) {
      throw new IllegalArgumentException("error code '" + errorCode + "' is not one of the contract's");
    }
    errorMessage = errorMessage == null ? "" : errorMessage.length() <= MAX_MESSAGE_CHARS ? errorMessage
        : errorMessage.substring(0, MAX_MESSAGE_CHARS) + "…";
  }

  private static void status(String word, String what) {
    if (word == null || !STATUSES.contains(word)) {
      throw new IllegalArgumentException(what + " must be COMPLETE, PARTIAL or FAILED, not '" + word + "'");
    }
  }

  public JsonObject toJson() {
    JsonObject byCollection = new JsonObject();
    new TreeMap<>(collections).forEach(byCollection::put);
    return new JsonObject().put("status", status).put("collections", byCollection).put("errorCode", errorCode)
        .put("errorMessage", errorMessage);
  }

  public static RunConfirmation fromJson(JsonObject j) {
    Map<String, String> collections = new TreeMap<>();
    JsonObject c = j.getJsonObject("collections");
    if (c != null) {
      c.forEach(e -> collections.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return new RunConfirmation(j.getString("status"), collections, j.getString("errorCode"),
        j.getString("errorMessage"));
  }
}
