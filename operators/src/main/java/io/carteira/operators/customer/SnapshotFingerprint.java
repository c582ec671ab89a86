package io.carteira.operators.customer;

import io.carteira.schemas.CustomerHealth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.zip.CRC32;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A deterministic fingerprint of a snapshot's material content: everything but the instant it
 * describes and the event that caused it, with last activity counted by the day. Snapshots are
 * emitted when it changes, so a login does not republish an unchanged customer; an unpaid invoice's
 * days past due and failed attempts are content, and change it. Deterministic across JVMs (no
 * identity hash codes), so a replay makes the same choices.
 */
final class SnapshotFingerprint {

  /**
   * Left out while empty: a customer without unpaid invoices keeps the fingerprint it had before
   * the snapshot listed them, so a restored job does not republish every such customer.
   */
  static final String UNPAID_INVOICES = "unpaid_invoices";

  private final SpecificDatumWriter<CustomerHealth> writer =
      new SpecificDatumWriter<>(CustomerHealth.class) {
        @Override
        protected void writeField(Object datum, Schema.Field f, Encoder out, Object state)
            throws IOException {
          if (datum instanceof CustomerHealth health
              && f.name().equals(UNPAID_INVOICES)
              && health.getUnpaidInvoices().isEmpty()) {
            return;
          }
          super.writeField(datum, f, out, state);
        }
      };
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private final CRC32 crc = new CRC32();
  private BinaryEncoder encoder;

  int of(CustomerHealth snapshot) {
    Instant asOf = snapshot.getAsOf();
    String cause = snapshot.getLastEventId();
    Instant lastActivity = snapshot.getLastActivityAt();
    snapshot.setAsOf(Instant.EPOCH);
    snapshot.setLastEventId("");
    snapshot.setLastActivityAt(
        lastActivity == null ? null : lastActivity.truncatedTo(ChronoUnit.DAYS));
    try {
      buffer.reset();
      encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
      writer.write(snapshot, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      snapshot.setAsOf(asOf);
      snapshot.setLastEventId(cause);
      snapshot.setLastActivityAt(lastActivity);
    }
    crc.reset();
    crc.update(buffer.toByteArray());
    return (int) crc.getValue();
  }
}
