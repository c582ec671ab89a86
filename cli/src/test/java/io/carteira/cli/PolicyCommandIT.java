package io.carteira.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.config.CarteiraConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `carteira policy push` and `list` against a real broker and registry. */
class PolicyCommandIT {

  static LocalRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    runtime = LocalRuntime.start(CarteiraConfig.defaults());
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private static Result run(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--set";
    all[args.length + 1] = "kafka.bootstrap-servers=" + runtime.bootstrapServers();
    all[args.length + 2] = "--set";
    all[args.length + 3] = "schema-registry.url=" + runtime.registryUrl();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CarteiraCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
    return new Result(code, out.toString(), err.toString());
  }

  record Result(int code, String out, String err) {}

  @Test
  void pushValidatesLikeTheJobAndListShowsWhatIsInForce(@TempDir Path dir) throws Exception {
    Result pushed = run("policy", "push", "../deploy/policies/key-account.yaml");
    assertThat(pushed.code()).as(pushed.err()).isZero();
    assertThat(pushed.out())
        .startsWith("published policy key_account v1 (policies, partition 0, offset ");

    Path invalid =
        Files.writeString(
            dir.resolve("bad.json"),
            "{\"segment\": \"default\", \"version\": 2, \"policy\": {\"grace_period_days\": -1,"
                + " \"colour\": \"blue\"}}");
    Result refused = run("policy", "push", invalid.toString());
    assertThat(refused.code()).isEqualTo(CarteiraCli.FAILED);
    assertThat(refused.err().trim())
        .isEqualTo(
            "carteira: error: policy default v2 refused: unknown setting 'colour'; "
                + "grace_period_days must be a whole number from 0 to 90, got -1");

    Result stale = run("policy", "push", "../deploy/policies/key-account.yaml");
    assertThat(stale.code()).isEqualTo(CarteiraCli.FAILED);
    assertThat(stale.err())
        .contains("policy key_account v1 refused: v1 is not newer than v1 in force");

    Result list = run("policy", "list");
    assertThat(list.code()).isZero();
    assertThat(list.out())
        .containsPattern("key_account +1 +\\d{4}-\\d\\d-\\d\\dT.* customer-success")
        .containsPattern("default +0 +built in");
  }
}
