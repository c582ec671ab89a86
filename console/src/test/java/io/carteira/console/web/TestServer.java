package io.carteira.console.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.carteira.console.model.ChangeLog;
import io.carteira.console.model.ConsoleModel;
import io.carteira.jobs.config.CarteiraConfig;
import java.time.ZoneId;

/** A console server over a model fed by hand: no Kafka, no registry. */
final class TestServer implements AutoCloseable {

  final ChangeLog changes;
  final ConsoleModel model;
  final ConsoleServer server;

  TestServer(String bind, String token, int capacity) throws Exception {
    changes = new ChangeLog(capacity);
    model = new ConsoleModel(changes);
    Views views = new Views(model, bytes -> null, ZoneId.of("America/Sao_Paulo"), "BRL");
    Api api =
        new Api(
            model, views, CarteiraConfig.defaults(), () -> new ObjectMapper().createObjectNode());
    server = ConsoleServer.start(bind, 0, Access.forBinding(bind, token), api, changes);
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
