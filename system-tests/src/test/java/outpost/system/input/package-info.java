/**
 * Property-based tests (jqwik) of the input rules of docs/input.md on a real edge node and a real hub running
 * in this JVM (real stores in temp folders, real HTTP and gRPC servers on port 0): arbitrary bytes, odd JSON,
 * odd ids and paths to the records endpoints, and arbitrary change messages to the hub's push. Nothing answers
 * 5xx or hangs, every refusal carries a code, and the store holds exactly what was acknowledged (checked
 * against a model by reading back). jqwik prints the seed of a failing run.
 */
package outpost.system.input;
