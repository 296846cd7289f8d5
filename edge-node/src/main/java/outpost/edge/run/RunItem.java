package outpost.edge.run;

/**
 * One change's result in a run. {@code status} is the hub's answer (APPLIED, MERGED, DUPLICATE, CONFLICT,
 * REJECTED, the words of docs/rest-api.md), {@code code} and {@code message} its error when refused.
 */
public record RunItem(String hub, String collection, String id, String operation, String status, String code,
    String message) {}
