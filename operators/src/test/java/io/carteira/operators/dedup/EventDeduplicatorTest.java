package io.carteira.operators.dedup;

import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.login;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.CustomerEvent;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EventDeduplicatorTest {

  private static final Duration RETENTION = Duration.ofHours(25);

  @Test
  void aRepeatedEventIdPassesOnce_andIsForgottenAfterRetention() throws Exception {
    var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new EventDeduplicator(RETENTION)),
        CustomerEvent::getCustomerId, Types.STRING);
    h.open();
    CustomerEvent first = login(at(1, 9));
    CustomerEvent second = login(at(1, 10));
    h.processElement(new StreamRecord<>(first, first.getEventTime().toEpochMilli()));
    h.processElement(new StreamRecord<>(first, first.getEventTime().toEpochMilli()));
    h.processElement(new StreamRecord<>(second, second.getEventTime().toEpochMilli()));
    h.processElement(new StreamRecord<>(first, first.getEventTime().toEpochMilli()));

    assertThat(h.extractOutputValues()).containsExactly(first, second);
    assertThat(h.numKeyedStateEntries()).isEqualTo(1);

    h.processWatermark(at(1, 9).plus(RETENTION).toEpochMilli()); // not yet: the bucket ends later
    assertThat(h.numKeyedStateEntries()).isEqualTo(1);

    h.processWatermark(at(1, 10).plus(RETENTION).plus(Duration.ofHours(2)).toEpochMilli());
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    h.close();
  }
}
