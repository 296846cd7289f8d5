package outpost.system.fault;

import outpost.system.fixture.Http;

/**
 * A node of a simulated cluster as its clients reach it: an HTTP API, up or down. Implemented by the nodes
 * run as child processes and by the nodes run in the test's JVM, so that the simulation and its checker
 * drive both the same way.
 */
interface NodeApi {
  /** The current incarnation's base URL (an in-JVM node listens on a new port after each restart). */
  String url();

  Http rest();

  boolean up();
}
