package io.allkinds.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.config.HttpConfig;
import io.allkinds.kubeapi.KubeWatches;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code openapi.yaml} valid and true: a real OpenAPI 3 parser reads it without a message, it
 * documents exactly the routes the router serves, and its security matches what the server asks
 * for.
 */
@ExtendWith(VertxExtension.class)
class OpenApiDocumentTest {

  /** Prometheus's scrape endpoint: its format is Prometheus's, not part of the documented API. */
  private static final Set<String> UNDOCUMENTED = Set.of("/metrics");

  private static final HttpConfig WITH_TOKENS = new HttpConfig("127.0.0.1", 0, List.of("s3cret"));

  @TempDir Path dir;

  private RealStore store;

  @BeforeEach
  void openStore() throws Exception {
    store = new RealStore(dir);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static OpenAPI parse() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result =
        new OpenAPIV3Parser().readContents(OpenApiRoute.load().toString(), List.of(), options);
    assertEquals(List.of(), result.getMessages(), "the parser's errors and warnings");
    assertNotNull(result.getOpenAPI());
    return result.getOpenAPI();
  }

  @Test
  void theDocumentParsesWithoutAMessage() {
    OpenAPI api = parse();
    assertEquals("3.0.3", api.getOpenapi());
    assertTrue(api.getPaths().size() > 10, api.getPaths().keySet().toString());
  }

  @Test
  void theDocumentDescribesEveryRouteTheRouterServesAndNoOther(Vertx vertx) throws Exception {
    WorkerExecutor pool = vertx.createSharedWorkerExecutor("openapi-test", 1);
    Responder responder = new Responder(pool, ApiLimits.DEFAULTS);
    ApiQueries queries = store.queries();
    // Built, never started: the router only needs it to mount /watch.
    EventStreams streams =
        new EventStreams(
            vertx,
            vertx.getOrCreateContext(),
            queries.changes(),
            queries.tail(),
            pool,
            responder,
            1);
    List<Route> routes =
        new ApiRouter(
                WITH_TOKENS,
                List.of(),
                queries,
                () -> "",
                responder,
                streams,
                new KubeWatches(
                    vertx,
                    vertx.getOrCreateContext(),
                    queries.changes(),
                    queries.tail(),
                    pool,
                    pool,
                    1),
                new OpenApiRoute())
            .create(vertx)
            .getRoutes();
    // Path parameters (:name, which Vert.x matches with a regex) are written {name} in OpenAPI.
    Map<String, Set<String>> served = new TreeMap<>();
    for (Route r : routes) {
      String path = r.getPath();
      if (path == null
          || !r.isExactPath()
          || (r.isRegexPath() && !path.contains("/:"))
          || UNDOCUMENTED.contains(path)
          || r.methods() == null) {
        continue;
      }
      for (HttpMethod m : r.methods()) {
        if (m.equals(HttpMethod.GET) || m.equals(HttpMethod.POST)) {
          served
              .computeIfAbsent(path.replaceAll(":(\\w+)", "{$1}"), k -> new TreeSet<>())
              .add(m.name());
        }
      }
    }
    Map<String, Set<String>> documented = new TreeMap<>();
    parse()
        .getPaths()
        .forEach(
            (path, item) ->
                documented.put(
                    path,
                    item.readOperationsMap().keySet().stream()
                        .map(Enum::name)
                        .collect(Collectors.toCollection(TreeSet::new))));
    assertEquals(served, documented, "the paths and their methods, as served");
  }

  @Test
  void bearerTokensAreDeclaredWhereTheServerAsksForThem(Vertx vertx) throws Exception {
    OpenAPI api = parse();
    SecurityScheme bearer = api.getComponents().getSecuritySchemes().get("bearer");
    assertEquals(SecurityScheme.Type.HTTP, bearer.getType());
    assertEquals("bearer", bearer.getScheme());
    assertEquals(List.of("bearer"), List.copyOf(api.getSecurity().get(0).keySet()));

    int port = store.serve(vertx, WITH_TOKENS.tokens(), () -> "", ApiLimits.DEFAULTS).port();
    for (Map.Entry<String, PathItem> e : api.getPaths().entrySet()) {
      for (var op : e.getValue().readOperationsMap().entrySet()) {
        var operation = op.getValue();
        String what = op.getKey() + " " + e.getKey();
        boolean documentedAsGuarded =
            operation.getSecurity() == null
                ? !api.getSecurity().isEmpty()
                : !operation.getSecurity().isEmpty();
        RealStore.Answer anonymous =
            RealStore.request(
                vertx,
                port,
                HttpMethod.valueOf(op.getKey().name()),
                e.getKey().replaceAll("\\{\\w+}", "x"),
                Map.of());
        assertEquals(
            documentedAsGuarded,
            anonymous.status() == 401,
            what + " without a token -> " + anonymous.status());
        assertEquals(
            documentedAsGuarded,
            operation.getResponses().containsKey("401"),
            what + " documents its 401 when guarded");
      }
    }
  }
}
