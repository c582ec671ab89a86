package io.carteira.operators.customer;

import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.day;
import static io.carteira.operators.support.Events.invoice;
import static io.carteira.operators.support.Events.login;
import static io.carteira.operators.support.Events.midnight;
import static io.carteira.operators.support.Events.paid;
import static io.carteira.operators.support.Events.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The per-customer operator with controlled event time: outputs, exact timestamps, timers, state. */
class CustomerStateFunctionTest {

  private static final CustomerPolicy POLICY = CustomerPolicy.builtIn();

  private static KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, CustomerHealth> harness() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, CustomerHealth> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CustomerStateFunction(POLICY)),
            CustomerEvent::getCustomerId, Types.STRING);
    harness.open();
    return harness;
  }

  private static void send(KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, CustomerHealth> h, CustomerEvent e)
      throws Exception {
    h.processElement(new StreamRecord<>(e, e.getEventTime().toEpochMilli()));
  }

  private static List<StreamRecord<CustomerHealth>> snapshots(KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, CustomerHealth> h) {
    List<StreamRecord<CustomerHealth>> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        @SuppressWarnings("unchecked")
        StreamRecord<CustomerHealth> record = (StreamRecord<CustomerHealth>) r;
        out.add(record);
      }
    }
    return out;
  }

  @Test
  void anOverdueInvoiceAgesByTimerUntilPaid_thenNoTimerIsLeft() throws Exception {
    var h = harness();
    send(h, started(at(0, 9), "profissional", 29_900));
    send(h, invoice(at(1, 6), "inv-1", 29_900, day(10)));
    h.getOutput().clear();

    h.processWatermark(midnight(14).toEpochMilli());

    List<StreamRecord<CustomerHealth>> aging = snapshots(h);
    assertThat(aging).extracting(r -> r.getValue().getDaysPastDue()).containsExactly(1, 2, 3, 4);
    assertThat(aging).extracting(StreamRecord::getTimestamp)
        .containsExactly(midnight(11).toEpochMilli(), midnight(12).toEpochMilli(), midnight(13).toEpochMilli(), midnight(14).toEpochMilli());
    assertThat(aging).extracting(r -> r.getValue().getLifecycle())
        .containsExactly(Lifecycle.ONBOARDING, Lifecycle.ONBOARDING, Lifecycle.ONBOARDING, Lifecycle.PAST_DUE);
    assertThat(h.numEventTimeTimers()).isEqualTo(1);

    h.getOutput().clear();
    send(h, paid(at(14, 10), "inv-1", 29_900));
    CustomerHealth settled = snapshots(h).get(0).getValue();
    assertThat(settled.getDaysPastDue()).isZero();
    assertThat(settled.getOpenBalanceMinor()).isZero();
    assertThat(settled.getLifecycle()).isEqualTo(Lifecycle.ONBOARDING);
    assertThat(h.numEventTimeTimers()).isZero();
    h.close();
  }

  @Test
  void pastDueStartsOnlyAfterTheGracePeriod() throws Exception {
    var h = harness();
    send(h, started(at(0, 9), "essencial", 9_900));
    send(h, invoice(at(1, 6), "inv-1", 9_900, day(10)));
    h.processWatermark(midnight(13).toEpochMilli()); // 3 days past due: within the 3-day grace
    assertThat(last(h).getDaysPastDue()).isEqualTo(POLICY.gracePeriodDays());
    assertThat(last(h).getLifecycle()).isNotEqualTo(Lifecycle.PAST_DUE);
    h.processWatermark(midnight(14).toEpochMilli()); // 4 days: past the grace
    assertThat(last(h).getLifecycle()).isEqualTo(Lifecycle.PAST_DUE);
    h.close();
  }

  @Test
  void aLoginRepublishesOnlyWhenTheDayOfLastActivityChanges() throws Exception {
    var h = harness();
    send(h, started(at(0, 9), "essencial", 9_900));
    send(h, login(at(1, 9)));
    send(h, login(at(1, 15)));
    send(h, login(at(1, 18)));
    send(h, login(at(2, 9)));
    assertThat(snapshots(h)).hasSize(3);
    assertThat(snapshots(h)).extracting(r -> r.getValue().getLastActivityAt()).containsExactly(null, at(1, 9), at(2, 9));
    h.close();
  }

  @Test
  void endOfInputFiresNoAgingStorm() throws Exception {
    var h = harness();
    send(h, started(at(0, 9), "essencial", 9_900));
    send(h, invoice(at(1, 6), "inv-1", 9_900, day(10)));
    h.getOutput().clear();
    h.processWatermark(Long.MAX_VALUE);
    assertThat(snapshots(h)).isEmpty();
    h.close();
  }

  @Test
  void restoringASnapshotAtEveryCutGivesTheUninterruptedOutput() throws Exception {
    List<Object> script = new ArrayList<>();
    script.add(started(at(0, 9), "profissional", 29_900));
    script.add(invoice(at(1, 6), "inv-1", 29_900, day(10)));
    script.add(login(at(2, 9)));
    script.add(midnight(12).toEpochMilli());
    script.add(login(at(12, 9)));
    script.add(midnight(16).toEpochMilli());
    script.add(paid(at(16, 10), "inv-1", 29_900));
    script.add(invoice(at(31, 6), "inv-2", 29_900, day(40)));
    script.add(midnight(45).toEpochMilli());

    List<String> uninterrupted = run(script, -1);
    assertThat(uninterrupted).hasSizeGreaterThan(10);
    for (int cut = 0; cut <= script.size(); cut++) {
      assertThat(run(script, cut)).as("snapshot and restore after step " + cut).isEqualTo(uninterrupted);
    }
  }

  private static List<String> run(List<Object> script, int cut) throws Exception {
    var h = harness();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < script.size(); i++) {
      if (i == cut) {
        out.addAll(drain(h));
        OperatorSubtaskState state = h.snapshot(1, 1);
        h.close();
        h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CustomerStateFunction(POLICY)),
            CustomerEvent::getCustomerId, Types.STRING);
        h.initializeState(state);
        h.open();
      }
      Object step = script.get(i);
      if (step instanceof CustomerEvent e) {
        send(h, e);
      } else {
        h.processWatermark((Long) step);
      }
    }
    out.addAll(drain(h));
    h.close();
    return out;
  }

  private static List<String> drain(KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, CustomerHealth> h) {
    List<String> out = snapshots(h).stream().map(r -> r.getTimestamp() + " " + r.getValue()).collect(Collectors.toList());
    h.getOutput().clear();
    return out;
  }

  private static CustomerHealth last(KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, CustomerHealth> h) {
    List<StreamRecord<CustomerHealth>> all = snapshots(h);
    return all.get(all.size() - 1).getValue();
  }
}
