package outpost.system.fault;

import io.vertx.core.json.JsonObject;
import outpost.system.fixture.Http;

/** A hub as the simulation reaches it: its admin API and the gRPC port of its current incarnation. */
interface HubApi extends NodeApi {
  int grpcPort();

  /** Registers a site through the admin API and answers its token. */
  default String addSite(String id) {
    Http.Answer a = rest().post(url() + "/api/sites", new JsonObject().put("id", id));
    if (a.status() != 201) {
      throw new AssertionError("site add " + id + " -> " + a.status() + " " + a.body());
    }
    return a.json().getString("token");
  }
}
