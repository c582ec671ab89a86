package io.carteira.operators.ingest;

import io.carteira.schemas.AvroModels;
import io.carteira.schemas.CompiledDatumWriter;
import io.carteira.schemas.CustomerEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Turns a {@link CustomerEvent} into an {@link EncodedEvent} and back, with the job's own schema
 * (the one it was compiled with) on both sides. One per operator instance: it reuses its buffers
 * and is not thread-safe.
 */
public final class CustomerEventCodec {

  private final CompiledDatumWriter<CustomerEvent> writer =
      CompiledDatumWriter.of(CustomerEvent.class);
  private final SpecificDatumReader<CustomerEvent> reader;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
  private BinaryEncoder encoder;
  private BinaryDecoder decoder;

  public CustomerEventCodec() {
    this(CustomerEvent.getClassSchema());
  }

  /** Decodes bytes written with {@code writtenWith}, an earlier schema, into the build's own. */
  CustomerEventCodec(Schema writtenWith) {
    AvroModels.enableFastReading();
    this.reader = new SpecificDatumReader<>(writtenWith, CustomerEvent.getClassSchema());
  }

  public EncodedEvent encode(CustomerEvent event) {
    buffer.reset();
    encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
    try {
      writer.write(event, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EncodedEvent(
        event.getCustomerId(),
        event.getEventId(),
        event.getEventTime().toEpochMilli(),
        buffer.toByteArray());
  }

  public CustomerEvent decode(EncodedEvent event) {
    return decode(event.avro());
  }

  CustomerEvent decode(byte[] avro) {
    decoder = DecoderFactory.get().binaryDecoder(avro, decoder);
    try {
      return reader.read(null, decoder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
