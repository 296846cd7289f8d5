/**
 * Architecture rules checked as tests over the main classes of every module (ArchUnit): which module may use
 * which, where the generated protobuf types may appear, what an event-loop class must never call, and who may
 * use the edge store's internals. Each rule says why in its {@code because}. Rules only read class files; they
 * never start a node.
 */
package outpost.system.arch;
