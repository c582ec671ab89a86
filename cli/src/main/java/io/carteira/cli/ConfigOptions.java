package io.carteira.cli;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.ConfigException;
import io.carteira.jobs.config.Knob;
import io.carteira.jobs.config.Knobs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The configuration options every subcommand takes: a file, then single settings. */
public class ConfigOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A properties file of settings (see `carteira config`).")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "One setting, e.g. --set kafka.bootstrap-servers=broker:9092. Repeatable; wins over file"
              + " and environment.")
  List<String> settings = new ArrayList<>();

  /** Defaults, then the file, then CARTEIRA_* environment variables, then --set. */
  public CarteiraConfig load() {
    return load(CarteiraConfig.builder());
  }

  public CarteiraConfig load(CarteiraConfig.Builder builder) {
    if (file != null) {
      builder.file(file);
    }
    builder.environment(System.getenv());
    for (String setting : settings) {
      int eq = setting.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set expects KEY=VALUE, got '" + setting + "'");
      }
      String key = setting.substring(0, eq).trim();
      Knob<?> knob = Knobs.byKey(key);
      if (knob != null && knob.secret()) {
        throw new ConfigException(
            key
                + " is a secret: not on the command line, where ps and the shell history show it;"
                + " set "
                + knob.environmentVariable()
                + " or "
                + key
                + "-file");
      }
      builder.set(key, setting.substring(eq + 1).trim());
    }
    return builder.build();
  }
}
