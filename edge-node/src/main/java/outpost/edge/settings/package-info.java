/**
 * Node settings that can be changed while the node runs, through the REST API, and are kept in the edge
 * store so that they survive a restart; today the sync schedule ({@link
 * outpost.edge.settings.ScheduleSettings}, docs/scheduling.md), which wins over the config file's until
 * reset. The scheduler itself ({@code outpost.edge.schedule}) stays free of the store: it is handed each
 * new schedule.
 */
package outpost.edge.settings;
