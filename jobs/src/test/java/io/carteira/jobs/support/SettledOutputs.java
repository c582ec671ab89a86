package io.carteira.jobs.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;

/**
 * Two runs' outputs compared as a reader who upserts sees them once both have settled: each key's
 * latest {@code customer-health} snapshot and latest {@code portfolio-metrics} record (a day's
 * provisional figures are superseded by its close), and every {@code risk-alerts} and {@code
 * dunning-actions} record of each key, in order. Byte for byte past the 5-byte header.
 */
public final class SettledOutputs {

  /** The outputs read as upserts by key: only each key's latest record counts. */
  private static final List<String> LATEST = List.of("customer-health", "portfolio-metrics");

  /** The outputs read as event logs: every record counts, in order. */
  private static final List<String> EVERY = List.of("risk-alerts", "dunning-actions");

  private SettledOutputs() {}

  /** Asserts that the two runs settled on the same outputs; returns a line per output compared. */
  public static List<String> assertSame(CarteiraConfig config, String first, String second) {
    List<String> compared = new ArrayList<>();
    for (String output : RunOutputs.OUTPUTS.keySet()) {
      if (LATEST.contains(output) || EVERY.contains(output)) {
        compared.add(compare(config, output, first, second, LATEST.contains(output)));
      }
    }
    return compared;
  }

  private static String compare(
      CarteiraConfig config, String output, String first, String second, boolean latestOnly) {
    String bootstrap = config.get(Knobs.KAFKA_BOOTSTRAP);
    Map<String, List<byte[]>> a = RunOutputs.byKey(bootstrap, first + "-" + output);
    Map<String, List<byte[]>> b = RunOutputs.byKey(bootstrap, second + "-" + output);
    RunOutputs.assertSameKeys(output, first, a.keySet(), second, b.keySet());
    AvroWireDecoder<?> decoder =
        new AvroWireDecoder<>(
            RunOutputs.OUTPUTS.get(output),
            new HttpSchemaRegistryClient(config.get(Knobs.SCHEMA_REGISTRY_URL)));
    int records = 0;
    for (String key : new TreeSet<>(a.keySet())) {
      List<byte[]> x = latestOnly ? last(a.get(key)) : a.get(key);
      List<byte[]> y = latestOnly ? last(b.get(key)) : b.get(key);
      records += x.size();
      if (!bodies(x).equals(bodies(y))) {
        throw new AssertionError(
            String.format(
                "%s of %s differ (%s):%n %s: %s%n %s: %s",
                output,
                key,
                latestOnly ? "latest record" : "every record, in order",
                first,
                decoded(decoder, x),
                second,
                decoded(decoder, y)));
      }
    }
    assertThat(records).as(output + " has records to compare").isPositive();
    return String.format(
        "%s: %s %,d records of %,d keys",
        output, latestOnly ? "latest per key," : "every record,", records, a.size());
  }

  private static List<byte[]> last(List<byte[]> values) {
    return List.of(values.get(values.size() - 1));
  }

  private static List<String> bodies(List<byte[]> values) {
    return values.stream().map(v -> Arrays.toString(Arrays.copyOfRange(v, 5, v.length))).toList();
  }

  private static List<String> decoded(AvroWireDecoder<?> decoder, List<byte[]> values) {
    List<String> out = new ArrayList<>();
    for (byte[] v : values) {
      SpecificRecord record = decoder.decode(v).record();
      out.add(String.valueOf(record));
    }
    return out;
  }
}
