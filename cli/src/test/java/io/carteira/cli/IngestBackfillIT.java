package io.carteira.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.config.CarteiraConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `carteira ingest asaas --backfill FILE` against a real broker and registry, read back with tail.
 */
class IngestBackfillIT {

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CarteiraCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertThat(code).as(err.toString()).isZero();
    return new String[] {out.toString(), err.toString()};
  }

  @Test
  void anExportIsReplayedInTimeOrder_thenTheCommandExits(@TempDir Path dir) throws Exception {
    Path export =
        Files.writeString(
            dir.resolve("asaas-events.json"),
            "[{\"id\":\"evt_2\",\"event\":\"PAYMENT_RECEIVED\",\"dateCreated\":\"2026-03-09"
                + " 10:00:00\","
                + "\"payment\":{\"id\":\"pay_1\",\"customer\":\"cus_1\",\"value\":129.9,"
                + "\"billingType\":\"BOLETO\",\"clientPaymentDate\":\"2026-03-06\"}},{\"id\":\"evt_1\",\"event\":\"PAYMENT_CREATED\",\"dateCreated\":\"2026-03-01"
                + " 09:00:00\","
                + "\"payment\":{\"id\":\"pay_1\",\"customer\":\"cus_1\",\"value\":129.9,"
                + "\"billingType\":\"BOLETO\",\"dueDate\":\"2026-03-06\",\"nossoNumero\":\"42\"}},{\"id\":\"evt_3\",\"event\":\"PAYMENT_BANK_SLIP_VIEWED\",\"dateCreated\":\"2026-03-02"
                + " 09:00:00\",\"payment\":{\"id\":\"pay_1\",\"customer\":\"cus_1\"}}]");
    try (LocalRuntime runtime = LocalRuntime.start(CarteiraConfig.defaults())) {
      String kafka = "kafka.bootstrap-servers=" + runtime.bootstrapServers();
      String registry = "schema-registry.url=" + runtime.registryUrl();

      String[] backfilled =
          run(
              "ingest",
              "asaas",
              "--backfill",
              export.toString(),
              "--set",
              kafka,
              "--set",
              registry);

      assertThat(backfilled[1].trim())
          .isEqualTo(
              "carteira ingest: replayed 3 asaas events from "
                  + export
                  + ": 2 mapped to 2 Carteira events, 1 ignored, 0 checked, 0 to dead-letters");
      String[] tailed =
          run(
              "tail",
              "payments",
              "--set",
              kafka,
              "--set",
              registry,
              "--from-beginning",
              "--max",
              "2");
      List<String> lines = tailed[0].lines().toList();
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).contains("\"event_type\":\"INVOICE_ISSUED\"", "\"key\":\"cus_1\"");
      assertThat(lines.get(1))
          .contains("\"event_type\":\"PAYMENT_SUCCEEDED\"", "\"event_id\":\"pay_1:paid\"");
    }
  }
}
