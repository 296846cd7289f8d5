/**
 * The model of one sync run (docs/architecture.md, docs/web-view.md): its request, its result, and the
 * statuses of the run, each hub, each step and each collection, as enums and records. The statuses follow
 * from facts by the rules of {@link outpost.edge.run.Verdicts}, in one place. JSON exists only at the
 * boundaries (run history, REST, server-sent events) and is written and read by {@link outpost.edge.run.RunJson}.
 */
package outpost.edge.run;
