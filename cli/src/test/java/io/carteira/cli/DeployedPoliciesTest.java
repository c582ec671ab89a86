package io.carteira.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.policy.PolicyParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The policy files shipped in deploy/policies are what `carteira policy push` accepts. */
class DeployedPoliciesTest {

  @Test
  void everyShippedPolicyIsAccepted() throws Exception {
    List<Path> files;
    try (Stream<Path> listed = Files.list(Path.of("../deploy/policies"))) {
      files = listed.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      assertThat(PolicyParser.parse(PolicyCommand.Push.read(file)).errors())
          .as(file.toString())
          .isEmpty();
    }
  }
}
