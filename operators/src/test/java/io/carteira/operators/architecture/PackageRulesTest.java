package io.carteira.operators.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The shape of the operators module: {@code model} at the bottom, free of Flink and of every other
 * package here; the rule packages beside each other, never reaching into the per-customer
 * function's package; no two packages that import each other.
 */
class PackageRulesTest {

  private static final JavaClasses OPERATORS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.carteira.operators");

  @Test
  void noCyclesBetweenPackages() {
    slices().matching("io.carteira.operators.(*)..").should().beFreeOfCycles().check(OPERATORS);
  }

  @Test
  void rulePackagesDoNotImportThePerCustomerFunction() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.carteira.operators.risk..",
            "io.carteira.operators.dunning..",
            "io.carteira.operators.metrics..",
            "io.carteira.operators.segment..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.carteira.operators.customer..")
        .check(OPERATORS);
  }

  @Test
  void modelStandsAlone() {
    noClasses()
        .that()
        .resideInAPackage("io.carteira.operators.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.flink..")
        .orShould()
        .dependOnClassesThat(
            DescribedPredicate.<JavaClass>describe(
                "reside in another operators package",
                c ->
                    c.getPackageName().startsWith("io.carteira.operators.")
                        && !c.getPackageName().startsWith("io.carteira.operators.model")))
        .check(OPERATORS);
  }
}
