package io.carteira.operators.customer;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.policy.PolicyParser;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.OpenInvoice;
import io.carteira.schemas.ValueTier;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * When a snapshot counts as changed: an unpaid invoice ageing a day or failing once more changes
 * it; the instant and the cause do not; and a customer without unpaid invoices fingerprints as it
 * did before snapshots listed them, so a job restored from an older savepoint republishes only the
 * customers whose snapshot gained content.
 */
class SnapshotFingerprintTest {

  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
  private static final Instant STARTED = Instant.parse("2026-03-02T12:00:00Z");
  private static final LocalDate DUE = LocalDate.of(2026, 3, 20);

  private final SnapshotFingerprint fingerprint = new SnapshotFingerprint();

  @Test
  void anUnpaidInvoiceAgeingOrFailingChangesTheFingerprint_theInstantAndCauseDoNot() {
    CustomerState state = state(1);
    Instant fiveDaysLate = DUE.plusDays(5).atTime(10, 0).atZone(ZONE).toInstant();
    int print = fingerprint.of(snapshot(state, fiveDaysLate, "e1"));
    assertThat(fingerprint.of(snapshot(state, fiveDaysLate.plus(Duration.ofHours(3)), "e2")))
        .as("later the same day, another cause")
        .isEqualTo(print);
    assertThat(fingerprint.of(snapshot(state, fiveDaysLate.plus(Duration.ofDays(1)), "e3")))
        .as("a day older")
        .isNotEqualTo(print);
    state.getOpenInvoices().get(0).setFailedAttempts(1);
    assertThat(fingerprint.of(snapshot(state, fiveDaysLate, "e4")))
        .as("one more failed attempt")
        .isNotEqualTo(print);
  }

  @Test
  void withoutUnpaidInvoices_theFingerprintIsThatOfTheSnapshotBeforeItListedThem()
      throws Exception {
    CustomerHealth snapshot = snapshot(state(0), STARTED.plus(Duration.ofDays(3)), "e1");
    assertThat(snapshot.getUnpaidInvoices()).isEmpty();

    Schema current = CustomerHealth.getClassSchema();
    List<Schema.Field> before = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      if (!f.name().equals(SnapshotFingerprint.UNPAID_INVOICES)) {
        before.add(new Schema.Field(f, f.schema()));
      }
    }
    Schema released =
        Schema.createRecord(
            current.getName(), current.getDoc(), current.getNamespace(), false, before);
    // the snapshot as a record of the schema without the field, with the fingerprint's own
    // normalisation: no instant, no cause, last activity by the day (none here)
    GenericData.Record old = new GenericData.Record(released);
    for (Schema.Field f : released.getFields()) {
      old.put(f.name(), snapshot.get(f.name()));
    }
    old.put("as_of", Instant.EPOCH);
    old.put("last_event_id", "");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(released, SpecificData.getForClass(CustomerHealth.class))
        .write(old, encoder);
    encoder.flush();
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());

    assertThat(fingerprint.of(snapshot)).isEqualTo((int) crc.getValue());
  }

  private static CustomerState state(int invoices) {
    List<OpenInvoice> open = new ArrayList<>();
    for (int i = 0; i < invoices; i++) {
      open.add(
          OpenInvoice.newBuilder()
              .setInvoiceId("inv-" + i)
              .setAmountMinor(9_900)
              .setDueDate(DUE)
              .setIssuedAt(STARTED)
              .build());
    }
    return CustomerState.newBuilder()
        .setCustomerId("cus-1")
        .setFirstEventTime(STARTED)
        .setLastEventTime(STARTED)
        .setStartedAt(STARTED)
        .setSubscribed(true)
        .setMrrMinor(9_900)
        .setOpenInvoices(open)
        .build();
  }

  private static CustomerHealth snapshot(CustomerState state, Instant asOf, String cause) {
    return CustomerSnapshots.snapshot(
        state,
        CustomerStateFold.newActivity(),
        asOf,
        PolicyParser.builtIn(),
        ZONE,
        ValueTier.UNRANKED,
        cause);
  }
}
