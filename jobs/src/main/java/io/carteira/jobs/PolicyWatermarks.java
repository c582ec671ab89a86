package io.carteira.jobs;

import io.carteira.operators.policy.IngestedPolicy;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Policies carry no event time of their own. Their stream is broadcast into the customer
 * operator, whose watermark is the minimum of its inputs, so it must never hold that back: it
 * announces the end of time at once.
 */
final class PolicyWatermarks {

  private PolicyWatermarks() {}

  static WatermarkStrategy<IngestedPolicy> neverHoldBack() {
    return WatermarkStrategy.<IngestedPolicy>forGenerator(ctx -> new WatermarkGenerator<>() {
      private boolean emitted;

      @Override
      public void onEvent(IngestedPolicy event, long eventTimestamp, WatermarkOutput output) {}

      @Override
      public void onPeriodicEmit(WatermarkOutput output) {
        if (!emitted) {
          output.emitWatermark(new Watermark(Long.MAX_VALUE));
          emitted = true;
        }
      }
    }).withTimestampAssigner((policy, kafkaTimestamp) -> kafkaTimestamp);
  }
}
