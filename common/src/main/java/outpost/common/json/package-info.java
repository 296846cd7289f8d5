/**
 * The one JSON input grammar of Outpost (docs/input.md): {@link outpost.common.json.StrictJson} parses what
 * enters from outside (REST bodies on both nodes, record data in gRPC changes and pulls) and refuses, naming the
 * rule, anything that is not strict JSON, repeats a key, nests too deep, is too large or carries broken Unicode.
 * Numbers keep their exact value: a number a double cannot hold is a {@link java.math.BigDecimal} or
 * {@link java.math.BigInteger}, never a rounded double or "Infinity". {@link outpost.common.json.ExactJsonFactory}
 * makes Vert.x's own decoding (stored text read back) keep numbers the same way. Nothing here does I/O.
 */
package outpost.common.json;
