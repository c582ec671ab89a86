package io.carteira.operators.customer;

import io.carteira.schemas.CompiledDatumWriter;
import io.carteira.schemas.CustomerHealth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

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

  private static final int UNPAID_INVOICES_POSITION =
      CustomerHealth.getClassSchema().getField(UNPAID_INVOICES).pos();

  private final CompiledDatumWriter<CustomerHealth> writer =
      CompiledDatumWriter.of(
          CustomerHealth.class,
          (field, value) ->
              field.pos() != UNPAID_INVOICES_POSITION || !((List<?>) value).isEmpty());

  /** Its bytes are checksummed where they lie, not copied out first. */
  private final Buffer buffer = new Buffer();

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
    buffer.checksum(crc);
    return (int) crc.getValue();
  }

  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(256);
    }

    void checksum(CRC32 crc) {
      crc.update(buf, 0, count);
    }
  }
}
