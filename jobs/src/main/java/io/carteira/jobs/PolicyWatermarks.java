package io.carteira.jobs;

import io.carteira.operators.policy.IngestedPolicy;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Policies carry no event time of their own. Their stream is broadcast into the keyed operators,
 * whose watermark is the minimum of their active inputs, so it must neither hold time back nor move
 * it on: the policies source is idle for ever. (A watermark at the end of time would do the first
 * but not the second: whenever every event partition falls silent, the keyed operators' only active
 * input would be the policies one, and every timer of every customer would fire at once.)
 */
final class PolicyWatermarks {

  private PolicyWatermarks() {}

  static WatermarkStrategy<IngestedPolicy> idleForEver() {
    return WatermarkStrategy.<IngestedPolicy>forGenerator(
            ctx ->
                new WatermarkGenerator<>() {
                  private boolean markedIdle;

                  @Override
                  public void onEvent(
                      IngestedPolicy event, long eventTimestamp, WatermarkOutput output) {}

                  @Override
                  public void onPeriodicEmit(WatermarkOutput output) {
                    if (!markedIdle) {
                      output.markIdle();
                      markedIdle = true;
                    }
                  }
                })
        .withTimestampAssigner((policy, kafkaTimestamp) -> kafkaTimestamp);
  }
}
