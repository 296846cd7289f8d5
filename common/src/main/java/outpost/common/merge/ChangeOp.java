package outpost.common.merge;

/** What a change does to a record. */
public enum ChangeOp {
  PUT,
  DELETE
}
