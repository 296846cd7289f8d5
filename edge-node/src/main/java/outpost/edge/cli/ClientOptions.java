package outpost.edge.cli;

import picocli.CommandLine.Option;

/** Where the node is and how to authenticate to it; shared by the client commands. */
final class ClientOptions {
  @Option(names = "--url", required = true, paramLabel = "http://HOST:PORT", description = "the edge node")
  String url;

  @Option(names = "--token", description = "the node's apiToken (default: OUTPOST_EDGE_API_TOKEN)")
  String token;

  NodeClient client() {
    return new NodeClient(url, token != null ? token : System.getenv("OUTPOST_EDGE_API_TOKEN"));
  }
}
