package io.carteira.cli;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knob;
import io.carteira.jobs.config.Knobs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Lists every setting with its effective value and what it does. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "List every setting: key, effective value, environment variable, description.")
final class ConfigCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    CarteiraConfig config = options.load();
    for (Knob<?> knob : Knobs.all()) {
      System.out.printf(
          "%-34s = %-28s %s%n    %s%n",
          knob.key(), config.text(knob), knob.environmentVariable(), knob.description());
    }
    System.out.println(
        "flink.*                            Flink's own options, passed through (e.g."
            + " flink.taskmanager.numberOfTaskSlots=4)");
    return 0;
  }
}
