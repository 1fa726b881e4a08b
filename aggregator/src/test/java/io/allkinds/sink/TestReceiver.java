package io.allkinds.sink;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A real HTTP receiver on loopback that answers as told and records what it accepted. */
final class TestReceiver implements AutoCloseable {

  /** One request: its headers and body, and the status it was answered with. */
  record Request(MultiMap headers, Buffer body, int status) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private volatile Function<Request, Integer> answer = r -> 204;

  TestReceiver(Vertx vertx) throws Exception {
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              Request seen = new Request(req.headers(), body, 0);
                              int status = answer.apply(seen);
                              requests.add(new Request(req.headers(), body, status));
                              req.response().setStatusCode(status).end();
                            }))
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.actualPort() + "/hook");
  }

  void answer(Function<Request, Integer> answer) {
    this.answer = answer;
  }

  /** The ce-id of every accepted binary-mode request, in arrival order. */
  List<Long> acceptedIds() {
    return requests.stream()
        .filter(r -> r.status() / 100 == 2)
        .map(r -> Long.parseLong(r.headers().get("ce-id")))
        .toList();
  }

  @Override
  public void close() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }
}
