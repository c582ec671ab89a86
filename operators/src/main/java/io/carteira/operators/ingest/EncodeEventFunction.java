package io.carteira.operators.ingest;

import io.carteira.schemas.CustomerEvent;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Encodes each validated event once, chained to the validation, before the shuffle by customer: see
 * {@link EncodedEvent}.
 */
public final class EncodeEventFunction extends RichMapFunction<CustomerEvent, EncodedEvent> {

  private transient CustomerEventCodec codec;

  @Override
  public EncodedEvent map(CustomerEvent event) {
    if (codec == null) {
      codec = new CustomerEventCodec();
    }
    return codec.encode(event);
  }
}
