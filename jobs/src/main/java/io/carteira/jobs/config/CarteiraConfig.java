package io.carteira.jobs.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;

/**
 * Carteira's typed configuration: the defaults of {@link Knobs}, overridden by a properties file,
 * then by environment variables ({@code CARTEIRA_KAFKA_BOOTSTRAP_SERVERS}), then by explicit
 * settings. Keys starting with {@code flink.} pass through to Flink as its own options ({@code
 * flink.taskmanager.memory.managed.size=256m}). Unknown keys are an error, not ignored.
 */
public final class CarteiraConfig implements Serializable {

  public static final String FLINK_PREFIX = "flink.";

  private final Map<String, String> values;

  private CarteiraConfig(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  public static CarteiraConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public <T> T get(Knob<T> knob) {
    String text = values.getOrDefault(knob.key(), knob.defaultValue());
    return knob.parse(text);
  }

  /** The value as written, for display. */
  public String text(Knob<?> knob) {
    return values.getOrDefault(knob.key(), knob.defaultValue());
  }

  /** Flink's own options, from the {@code flink.} keys. */
  public Configuration flinkOptions() {
    Configuration flink = new Configuration();
    values.forEach(
        (key, value) -> {
          if (key.startsWith(FLINK_PREFIX)) {
            flink.setString(key.substring(FLINK_PREFIX.length()), value);
          }
        });
    return flink;
  }

  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.values.putAll(values);
    return builder;
  }

  /** Builds a config, checking every key and value as it comes. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    public Builder set(String key, String value) {
      if (!key.startsWith(FLINK_PREFIX)) {
        Knob<?> knob = Knobs.byKey(key);
        if (knob == null) {
          throw new ConfigException(
              "unknown setting '" + key + "' (see `carteira config` for the list)");
        }
        knob.parse(value);
      }
      values.put(key, value);
      return this;
    }

    public <T> Builder set(Knob<T> knob, String value) {
      return set(knob.key(), value);
    }

    public Builder file(Path file) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
      }
      properties.stringPropertyNames().stream()
          .sorted()
          .forEach(key -> set(key, properties.getProperty(key)));
      return this;
    }

    public Builder environment(Map<String, String> environment) {
      for (Knob<?> knob : Knobs.all()) {
        String value = environment.get(knob.environmentVariable());
        if (value != null) {
          set(knob.key(), value);
        }
      }
      return this;
    }

    public CarteiraConfig build() {
      return new CarteiraConfig(values);
    }
  }
}
