package io.allkinds.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/ARCHITECTURE.md true: which package may use which. A forbidden edge (a route reaching
 * into a running watch, the store knowing the web layer, SQL outside the store) fails the build.
 */
class LayeringTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.allkinds");
  }

  @Test
  void packagesUseOnlyWhatTheArchitectureAllows() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("app")
        .definedBy("io.allkinds.app..")
        .layer("web")
        .definedBy("io.allkinds.web..")
        .layer("kubeapi")
        .definedBy("io.allkinds.kubeapi..")
        .layer("cluster")
        .definedBy("io.allkinds.cluster..")
        .layer("sink")
        .definedBy("io.allkinds.sink..")
        .layer("store")
        .definedBy("io.allkinds.store..")
        .layer("json")
        .definedBy("io.allkinds.json..")
        .layer("config")
        .definedBy("io.allkinds.config..")
        .layer("model")
        .definedBy("io.allkinds.model..")
        .whereLayer("app")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("web")
        .mayOnlyBeAccessedByLayers("app", "kubeapi")
        .whereLayer("kubeapi")
        .mayOnlyBeAccessedByLayers("web")
        .whereLayer("cluster")
        .mayOnlyBeAccessedByLayers("app")
        .whereLayer("sink")
        .mayOnlyBeAccessedByLayers("app")
        .whereLayer("store")
        .mayOnlyBeAccessedByLayers("app", "web", "kubeapi", "cluster", "sink")
        .whereLayer("json")
        .mayOnlyBeAccessedByLayers("web", "sink")
        .whereLayer("config")
        .mayOnlyBeAccessedByLayers("app", "web", "kubeapi", "cluster", "store", "sink")
        .whereLayer("model")
        .mayOnlyBeAccessedByLayers(
            "app", "web", "kubeapi", "cluster", "store", "sink", "config", "json")
        .check(classes);
  }

  @Test
  void configAndModelDependOnNoOtherPartOfAllKinds() {
    noClasses()
        .that()
        .resideInAnyPackage("io.allkinds.config..", "io.allkinds.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.allkinds.app..",
            "io.allkinds.web..",
            "io.allkinds.cluster..",
            "io.allkinds.store..")
        .check(classes);
  }

  @Test
  void onlyTheStoreTalksJdbc() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.allkinds.store..", "io.allkinds.app..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "com.zaxxer.hikari..", "org.flywaydb..")
        .check(classes);
  }

  @Test
  void onlyClusterCodeTalksToKubernetes() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.allkinds.cluster..", "io.allkinds.app..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fabric8.kubernetes.client..")
        .check(classes);
  }
}
