package outpost.edge.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the version the build wrote into the jar's manifest, so that it can never disagree
 * with the pom. Classes run from a build folder (tests, an IDE) have no manifest and say so.
 */
final class JarVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = EdgeMain.class.getPackage().getImplementationVersion();
    return new String[] {"edge-node " + (version == null ? "(version unknown: not run from the jar)" : version)};
  }
}
