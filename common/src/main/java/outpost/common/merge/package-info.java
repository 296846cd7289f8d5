/**
 * The field-level three-way merge rules of docs/conflicts.md §1: given the hub's record with per-field
 * change versions and an edge change with its base version and changed fields, decide APPLIED,
 * MERGED or CONFLICT and compute the resulting value. Pure functions only; the stores persist.
 */
package outpost.common.merge;
