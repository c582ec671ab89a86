package io.carteira.bench;

import io.carteira.operators.customer.CustomerStateFunction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The reference: Kafka source → keyBy customer → one RocksDB value-state update → exactly-once
 * Kafka sink. Reads the same topics Carteira reads, keyed by the record key, without decoding the
 * value; writes one record per input naming the input's topic, partition and offset.
 */
final class BareJob {

  static final String OUTPUT_TOPIC = "bench-bare-out";

  private BareJob() {}

  /** A consumed record: key and where it came from. A Flink POJO. */
  public static class Input {
    public String key;
    public String origin;
    public int valueBytes;

    public Input() {}
  }

  /** One output per input. A Flink POJO. */
  public static class Output {
    public String key;
    public String origin;
    public long count;

    public Output() {}
  }

  static void assemble(
      StreamExecutionEnvironment env,
      String bootstrap,
      List<String> topics,
      String group,
      String transactionalPrefix) {
    KafkaSource<Input> source =
        KafkaSource.<Input>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(topics)
            .setGroupId(group)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(
                new KafkaRecordDeserializationSchema<Input>() {
                  @Override
                  public void deserialize(
                      ConsumerRecord<byte[], byte[]> record, Collector<Input> out) {
                    Input input = new Input();
                    input.key =
                        record.key() == null
                            ? ""
                            : new String(record.key(), StandardCharsets.UTF_8);
                    input.origin =
                        record.topic() + ":" + record.partition() + ":" + record.offset();
                    input.valueBytes = record.value() == null ? 0 : record.value().length;
                    out.collect(input);
                  }

                  @Override
                  public void open(DeserializationSchema.InitializationContext context) {}

                  @Override
                  public TypeInformation<Input> getProducedType() {
                    return TypeInformation.of(Input.class);
                  }
                })
            .setProperty("isolation.level", "read_committed")
            .build();
    KafkaSink<Output> sink =
        KafkaSink.<Output>builder()
            .setBootstrapServers(bootstrap)
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix(transactionalPrefix)
            .setProperty("transaction.timeout.ms", "600000")
            .setProperty("compression.type", "lz4")
            .setProperty("linger.ms", "5")
            .setRecordSerializer(
                (KafkaRecordSerializationSchema<Output>)
                    (element, context, timestamp) ->
                        new ProducerRecord<>(
                            OUTPUT_TOPIC,
                            null,
                            timestamp,
                            element.key.getBytes(StandardCharsets.UTF_8),
                            (element.origin + ":" + element.count)
                                .getBytes(StandardCharsets.UTF_8)))
            .build();
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "bare-source")
        .uid("bare-source")
        .keyBy(input -> input.key, Types.STRING)
        .process(new CountPerCustomer(), TypeInformation.of(Output.class))
        .uid("bare-count")
        .name("bare-count")
        .sinkTo(sink)
        .uid("bare-sink")
        .name("bare-sink");
  }

  /** The one RocksDB value-state update per event. */
  static final class CountPerCustomer extends KeyedProcessFunction<String, Input, Output> {
    private transient ValueState<Long> count;
    private transient Counter applied;

    @Override
    public void open(OpenContext openContext) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
      applied = getRuntimeContext().getMetricGroup().counter(CustomerStateFunction.EVENTS_APPLIED);
    }

    @Override
    public void processElement(Input input, Context ctx, Collector<Output> out) throws Exception {
      Long current = count.value();
      long next = current == null ? 1 : current + 1;
      count.update(next);
      applied.inc();
      Output output = new Output();
      output.key = input.key;
      output.origin = input.origin;
      output.count = next;
      out.collect(output);
    }
  }
}
