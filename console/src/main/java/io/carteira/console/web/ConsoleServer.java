package io.carteira.console.web;

import io.carteira.console.model.ChangeLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server (Jetty's core API, no servlets): the pages, the JSON API and the event
 * stream. Each open event stream holds one thread, so the pool has room for {@link
 * EventStream#MAX_STREAMS} of them and the requests beside.
 */
public final class ConsoleServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

  private final Server server;
  private final ServerConnector connector;
  private final ChangeLog changes;
  private final String host;

  private ConsoleServer(Server server, ServerConnector connector, ChangeLog changes, String host) {
    this.server = server;
    this.connector = connector;
    this.changes = changes;
    this.host = host;
  }

  /** Starts listening on {@code host}:{@code port} (0: a free port). */
  public static ConsoleServer start(
      String host, int port, Access access, Api api, ChangeLog changes) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(EventStream.MAX_STREAMS + 32, 4);
    threads.setName("carteira-console-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(60_000);
    server.addConnector(connector);
    server.setHandler(new Routes(access, new EventStream(changes), api, new Assets()));
    server.setStopTimeout(2_000);
    server.start();
    return new ConsoleServer(server, connector, changes, host);
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** The address to open: the host as bound ({@code localhost} for the loopback address). */
  public String url() {
    String shown = host.equals("127.0.0.1") || host.equals("0.0.0.0") ? "localhost" : host;
    return "http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port() + "/";
  }

  @Override
  public void close() {
    changes.close();
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the console's HTTP server: {}", e.toString());
    }
  }
}
