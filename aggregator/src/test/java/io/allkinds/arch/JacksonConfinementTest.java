package io.allkinds.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jackson 3 ({@code tools.jackson}) is on the class path only because fabric8 8 and zjsonpatch need
 * it: the product's own code speaks Jackson 2 and Vert.x JSON, and only {@code json.JsonPatches},
 * which hands zjsonpatch its trees, may touch Jackson 3 or zjsonpatch.
 */
class JacksonConfinementTest {

  private static final String ONLY_USER = "io.allkinds.json.JsonPatches";

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.allkinds");
  }

  @Test
  void onlyJsonPatchesUsesJackson3() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(ONLY_USER)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("tools.jackson..", "io.fabric8.zjsonpatch..")
        .because("Jackson 3 is confined to one class; the rest uses Jackson 2 and Vert.x JSON")
        .check(classes);
  }

  @Test
  void jsonPatchesIsWhereTheRuleSaysItIs() {
    // The rule names the class by its name: if it moves or is renamed, the rule would guard
    // nothing.
    assertTrue(classes.contain(ONLY_USER), ONLY_USER + " is among the main classes");
  }
}
