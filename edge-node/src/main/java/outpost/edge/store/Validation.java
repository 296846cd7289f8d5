package outpost.edge.store;

import outpost.common.RecordRules;

/** Checks of names and ids that reach the store from outside: the rules both nodes share (common RecordRules). */
public final class Validation {
  public static final int MAX_ID_LENGTH = RecordRules.MAX_ID_LENGTH;

  private Validation() {}

  public static void collection(String name) {
    RecordRules.collection(name);
  }

  public static boolean isCollectionName(String name) {
    return RecordRules.isCollectionName(name);
  }

  public static void id(String id) {
    RecordRules.id(id);
  }
}
