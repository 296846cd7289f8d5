package outpost.system.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import outpost.system.ChildProcess;

/** {@code java -jar … --version} on both jars prints the build's version (the root pom's) and exits 0. */
class VersionIT {
  @Test
  void bothJarsPrintTheProjectVersionAndExitZero() throws Exception {
    String version = projectVersion();
    assertEquals("central-hub " + version, run(ChildProcess.hubJar()));
    assertEquals("edge-node " + version, run(ChildProcess.edgeJar()));
  }

  private static String run(Path jar) {
    try (ChildProcess p = ChildProcess.start(jar, List.of(), "--version")) {
      int exit = p.waitForExit(60);
      assertEquals(0, exit, p.output());
      return p.output().strip();
    }
  }

  /** /project/version of the root pom: the version every module inherits. */
  private static String projectVersion() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document pom = factory.newDocumentBuilder().parse(Ops.repoRoot().resolve("pom.xml").toFile());
    return XPathFactory.newInstance().newXPath().evaluate("/project/version", pom).strip();
  }
}
