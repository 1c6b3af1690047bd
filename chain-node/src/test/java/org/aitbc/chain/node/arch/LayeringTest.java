package org.aitbc.chain.node.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * The module arrows and the purity rules of docs/design.md ("Modules"), over the main classes of every module
 * (test classes, test jars and chain-testing are not imported: they are the fixtures, not the node). Maven
 * already refuses an import of a module that is not a dependency; this also refuses one that is declared but
 * crosses an arrow, and code in the pure packages that reaches for a disk, a socket, a clock or a random source.
 */
@AnalyzeClasses(packages = "org.aitbc.chain", importOptions = {ImportOption.DoNotIncludeTests.class, LayeringTest.MainCodeOnly.class})
class LayeringTest {
  static final String CORE = "org.aitbc.chain.core..";

  /** Leaves out test jars ({@code *-tests.jar}) and the chain-testing module, wherever the build put them. */
  static final class MainCodeOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar") && !location.contains("chain-testing");
    }
  }

  @ArchTest
  static final ArchRule moduleArrows = layeredArchitecture()
      .consideringOnlyDependenciesInAnyPackage("org.aitbc.chain..")
      .layer("core").definedBy(CORE)
      .layer("consensus").definedBy("org.aitbc.chain.consensus..")
      .layer("p2p").definedBy("org.aitbc.chain.p2p..")
      .layer("rpc").definedBy("org.aitbc.chain.rpc..")
      .layer("wallet").definedBy("org.aitbc.chain.wallet..")
      .layer("messaging").definedBy("org.aitbc.chain.messaging..")
      .layer("node").definedBy("org.aitbc.chain.node..")
      .layer("testing").definedBy("org.aitbc.chain.testing..")
      .whereLayer("consensus").mayOnlyBeAccessedByLayers("rpc", "node")
      .whereLayer("p2p").mayOnlyBeAccessedByLayers("node")
      .whereLayer("rpc").mayOnlyBeAccessedByLayers("node")
      .whereLayer("wallet").mayOnlyBeAccessedByLayers("messaging", "node")
      .whereLayer("messaging").mayOnlyBeAccessedByLayers("node")
      .whereLayer("node").mayNotBeAccessedByAnyLayer()
      .whereLayer("testing").mayNotBeAccessedByAnyLayer()
      .as("modules depend only along the arrows of docs/design.md")
      // chain-testing is not imported, so the rule would find no class in it.
      .withOptionalLayers(true);

  /** The values and rules of chain-core take and return values; the disk is the store's (and, for now, the mempool file's). */
  @ArchTest
  static final ArchRule coreRulesTouchNoDiskNorNetwork = noClasses()
      .that().resideInAPackage(CORE)
      .and().resideOutsideOfPackage("org.aitbc.chain.core.store..")
      .and().doNotHaveFullyQualifiedName("org.aitbc.chain.core.mempool.Mempool")
      .and().doNotHaveFullyQualifiedName("org.aitbc.chain.core.mempool.MempoolFile")
      .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "org.rocksdb..", "io.netty..")
      .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
      .because("chain-core's rules are pure (docs/design.md); Mempool's saveTo/loadFrom and MempoolFile are the"
          + " known exception, to move out of the package with the mempool split");

  @ArchTest
  static final ArchRule onlyTheStoreTouchesRocksDb = noClasses()
      .that().resideOutsideOfPackage("org.aitbc.chain.core.store..")
      .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
      .because("the key layout, tuning and recovery live in one place");

  @ArchTest
  static final ArchRule coreTakesClockAndRandomnessFromItsCallers = noClasses()
      .that().resideInAPackage(CORE)
      .should().callMethod(System.class, "currentTimeMillis")
      .orShould().callMethod(System.class, "nanoTime")
      .orShould().callMethod(Instant.class, "now")
      .orShould().callMethod(Thread.class, "sleep", long.class)
      .orShould().callConstructor(SecureRandom.class)
      .because("the clock and randomness come in through constructors, so a seeded simulation can run whole networks");
}
