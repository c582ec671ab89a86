package io.carteira.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.console.model.ChangeLog;
import io.carteira.console.model.ConsoleModel;
import io.carteira.console.read.FlinkCheckpoints;
import io.carteira.console.read.OutputReader;
import io.carteira.console.read.StartPosition;
import io.carteira.console.web.Access;
import io.carteira.console.web.Api;
import io.carteira.console.web.ConsoleServer;
import io.carteira.console.web.Views;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console of one deployment: a thread reading its output topics into the {@link
 * ConsoleModel}, another asking Flink's REST API for checkpoints (when given), and the HTTP server.
 * {@code carteira console} runs it on its own; {@code carteira demo} beside the job.
 */
public final class Console implements AutoCloseable {

  /**
   * Where to listen ({@code bind}, {@code port}, 0 for any free one), the token (required beyond
   * the loopback address), where the outputs that are not compacted start, and Flink's REST API (or
   * null).
   */
  public record Settings(String bind, int port, String token, StartPosition start, URI flinkRest) {}

  private static final Logger LOG = LoggerFactory.getLogger(Console.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHANGES_KEPT = 20_000;

  private final ConsoleModel model;
  private final OutputReader reader;
  private final ConsoleServer server;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicReference<long[]> loaded = new AtomicReference<>(new long[2]);
  private final Thread reading;
  private final Thread checkpoints;

  private Console(
      ConsoleModel model, OutputReader reader, ConsoleServer server, FlinkCheckpoints flink) {
    this.model = model;
    this.reader = reader;
    this.server = server;
    this.reading = new Thread(this::read, "carteira-console-reader");
    this.reading.setDaemon(true);
    this.checkpoints =
        flink == null ? null : new Thread(() -> poll(flink), "carteira-console-flink");
  }

  /**
   * Opens the outputs (failing at once on a missing broker or topic), starts the server and the
   * reading.
   */
  public static Console start(CarteiraConfig config, Settings settings) throws Exception {
    Access access = Access.forBinding(settings.bind(), settings.token());
    ChangeLog changes = new ChangeLog(CHANGES_KEPT);
    ConsoleModel model = new ConsoleModel(changes);
    OutputReader reader = new OutputReader(config, settings.start(), true);
    AtomicReference<Console> self = new AtomicReference<>();
    Views views = new Views(model, reader::decodeHealth, config.get(Knobs.ZONE), "BRL");
    Api api =
        new Api(
            model,
            views,
            config,
            () -> {
              Console c = self.get();
              ObjectNode s =
                  JSON.createObjectNode()
                      .put("bootstrap", config.get(Knobs.KAFKA_BOOTSTRAP))
                      .put("zone", config.get(Knobs.ZONE).getId())
                      .put("start", settings.start().toString())
                      .put("token_required", access.tokenRequired());
              long[] l = c == null ? new long[2] : c.loaded.get();
              s.put("health_read", l[0]).put("health_total", l[1]);
              return s;
            });
    ConsoleServer server;
    try {
      server = ConsoleServer.start(settings.bind(), settings.port(), access, api, changes);
    } catch (Exception e) {
      reader.close();
      throw e;
    }
    Console console =
        new Console(
            model,
            reader,
            server,
            settings.flinkRest() == null ? null : new FlinkCheckpoints(settings.flinkRest()));
    self.set(console);
    console.reading.start();
    if (console.checkpoints != null) {
      console.checkpoints.setDaemon(true);
      console.checkpoints.start();
    }
    return console;
  }

  private void read() {
    long nextTick = 0;
    long nextInputs = 0;
    try {
      while (!stop.get()) {
        reader.poll(Duration.ofMillis(200), model);
        long now = System.nanoTime();
        if (now >= nextTick) {
          loaded.set(reader.healthLoaded());
          model.tick();
          nextTick = now + 1_000_000_000L;
        }
        if (now >= nextInputs) {
          model.engine().inputs(reader.inputEnds(), Instant.now());
          nextInputs = now + 2_000_000_000L;
        }
      }
    } catch (RuntimeException e) {
      if (!stop.get()) {
        LOG.error("the console stopped reading the outputs", e);
      }
    } finally {
      reader.close();
    }
  }

  private void poll(FlinkCheckpoints flink) {
    while (!stop.get()) {
      model.engine().checkpoints(flink.summary(), "Flink REST API");
      try {
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The address to open in a browser. */
  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  public ConsoleModel model() {
    return model;
  }

  /** One short line of where the console stands, for a terminal. */
  public String statusLine() {
    long[] l = loaded.get();
    return String.format(
        "%s · %,d customers%s · %,d open alerts · %,d dunning actions",
        url(),
        model.customers().size(),
        l[0] < l[1] ? String.format(" (loading %,d of %,d)", l[0], l[1]) : "",
        model.alerts().counts()[0],
        model.actions().total());
  }

  @Override
  public void close() {
    stop.set(true);
    server.close();
    try {
      reading.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (checkpoints != null) {
      checkpoints.interrupt();
    }
  }
}
