package outpost.system.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;

/**
 * The module and thread boundaries of docs/architecture.md as rules over the main classes (system-tests is the
 * one module whose class path holds both nodes). Test classes are left out: they may reach anywhere.
 */
@AnalyzeClasses(packages = "outpost", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  static final String PROTO = "outpost.proto..";
  static final String EDGE_TRANSPORT = "outpost.edge.sync..";
  static final String HUB_TRANSPORT = "outpost.hub.ingest..";
  /** FleetReporter builds the FleetReport an edge sends in its Hello straight from the edge's store. */
  static final String EDGE_FLEET_REPORT = "outpost.edge.fleet..";

  @ArchTest
  static final ArchRule edgeNeverUsesHub = noClasses().that().resideInAPackage("outpost.edge..")
      .should().dependOnClassesThat().resideInAPackage("outpost.hub..")
      .because("an edge and a hub are separate programs that meet only over the sync protocol; "
          + "what both need lives in common");

  @ArchTest
  static final ArchRule hubNeverUsesEdge = noClasses().that().resideInAPackage("outpost.hub..")
      .should().dependOnClassesThat().resideInAPackage("outpost.edge..")
      .because("an edge and a hub are separate programs that meet only over the sync protocol; "
          + "what both need lives in common");

  @ArchTest
  static final ArchRule protobufOnlyInTransport = noClasses()
      .that().resideOutsideOfPackages(PROTO, EDGE_TRANSPORT, HUB_TRANSPORT, EDGE_FLEET_REPORT)
      .should().dependOnClassesThat().resideInAPackage(PROTO)
      .because("generated protobuf types are the wire format: the transport packages (edge.sync, hub.ingest) "
          + "map them to the stores' values, so a change to sync.proto stays there; edge.fleet is allowed "
          + "because it fills the Hello's FleetReport message, which has no store value of its own");

  @ArchTest
  static final ArchRule noStoreOrFileWorkOnEventLoop = noClasses()
      .that().resideInAnyPackage("..web..", "outpost.common.http..")
      .should().dependOnClassesThat().resideInAPackage("org.h2.mvstore..")
      .orShould().dependOnClassesThat().belongToAnyOf(Files.class, FileChannel.class, RandomAccessFile.class,
          FileInputStream.class, FileOutputStream.class)
      .because("HTTP handlers run on a Vert.x event loop, which must never block: MVStore calls and file "
          + "work go through the store's serial worker (or Vert.x's asynchronous file system)");

  @ArchTest
  static final ArchRule storeInternalsOnlyInTheStore = noClasses()
      .that().resideOutsideOfPackage("outpost.edge.store..")
      .should().dependOnClassesThat().resideInAPackage("outpost.edge.store.impl..")
      .because("edge.store.impl is how the edge store keeps its data: its maps and codecs are public only so that "
          + "EdgeStore can reach them, and they must run on the store's writer thread inside a commit EdgeStore "
          + "owns; every other caller goes through EdgeStore and its views");
}
