package io.allkinds.kubeapi;

import io.allkinds.model.ResourceType;
import io.allkinds.model.ResourceTypeView;
import io.allkinds.store.ChangeQueries;
import io.allkinds.store.HistoryQueries;
import io.allkinds.store.InventoryQueries;
import io.allkinds.store.JournalTail;
import io.allkinds.store.StatusQueries;
import io.allkinds.web.JsonStream;
import io.allkinds.web.Responder;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A read-only Kubernetes API over the store: {@code /k8s/clusters/{cluster}} answers as a
 * kube-apiserver root for the cluster's stored state, and {@code /k8s/clusters/{cluster}/at/{RFC
 * 3339 instant}} for its state at that instant: discovery, list, get and watch on every stored
 * type. Write verbs are refused (405) and every error is a Kubernetes {@code Status}; store reads
 * run on the query pool.
 */
public final class KubeApi {

  private final StatusQueries status;
  private final Responder responder;
  private final DiscoveryDocs discovery;
  private final ObjectReads objects;
  private final WatchReads watchReads;
  private final KubeWatches watches;

  /** The API over these queries; its watches are held by {@code watches}. */
  public KubeApi(
      StatusQueries status,
      InventoryQueries inventory,
      ChangeQueries changes,
      HistoryQueries history,
      JournalTail tail,
      Responder responder,
      KubeWatches watches) {
    this.status = status;
    this.responder = responder;
    this.watches = watches;
    CrdNames crds = new CrdNames(inventory);
    this.discovery = new DiscoveryDocs(crds);
    this.objects = new ObjectReads(inventory, changes, tail, crds);
    this.watchReads = new WatchReads(inventory, changes, history, tail, crds);
  }

  /** Serves every {@code /k8s} path on {@code router}. */
  public void mount(Router router) {
    router.route("/k8s/*").handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    try {
      HttpMethod method = ctx.request().method();
      if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
        throw KubeStatus.methodNotAllowed(
            "the server does not allow this method on the requested resource");
      }
      KubePath path = KubePath.parse(ctx.request().path());
      if (path == null) {
        throw KubeStatus.noSuchPath();
      }
      switch (path.target()) {
        case LIST -> list(ctx, path);
        case GET -> get(ctx, path);
        default -> answer(ctx, () -> discovery(path));
      }
    } catch (RuntimeException e) {
      KubeErrors.write(ctx, e);
    }
  }

  private void list(RoutingContext ctx, KubePath path) {
    Rendering rendering = Rendering.of(ctx.request().getHeader("Accept"));
    ListParams params = ListParams.parse(ctx.queryParams());
    if (params.watch() != null) {
      watches.open(
          ctx, responder, watchReads, () -> watchReads.plan(path, type(path), params, rendering));
      return;
    }
    responder.stream(
        ctx,
        new JsonStream(ctx.response(), responder.pageBytes()),
        out -> objects.list(path, type(path), params, rendering, out),
        KubeErrors::write);
  }

  private void get(RoutingContext ctx, KubePath path) {
    Rendering rendering = Rendering.of(ctx.request().getHeader("Accept"));
    IncludeObject include = IncludeObject.parse(ctx.queryParams().get("includeObject"));
    answer(ctx, () -> objects.get(path, type(path), rendering, include));
  }

  private Buffer discovery(KubePath path) {
    if (path.target() == KubePath.Target.VERSION) {
      types(path); // an unknown cluster is a 404 here too
      return DiscoveryDocs.version().toBuffer();
    }
    ClusterTypes types = types(path);
    return switch (path.target()) {
      case ROOT -> discovery.root(types).toBuffer();
      case CORE_VERSIONS -> discovery.coreVersions(types).toBuffer();
      case GROUPS -> discovery.groupList(types).toBuffer();
      case GROUP -> discovery.group(types, path.group()).toBuffer();
      case RESOURCES ->
          discovery
              .resources(path.clusters(), path.at(), types, path.group(), path.version())
              .toBuffer();
      default -> throw new IllegalStateException("not a discovery path: " + path.target());
    };
  }

  /** Runs {@code work} on the query pool and sends its JSON, or its failure as a Status. */
  private void answer(RoutingContext ctx, Callable<Buffer> work) {
    Future<Buffer> answer = responder.submit(work);
    answer.onComplete(
        ar -> {
          if (ar.succeeded()) {
            ctx.response().putHeader("content-type", "application/json").end(ar.result());
          } else {
            KubeErrors.write(ctx, ar.cause());
          }
        });
  }

  /**
   * The stored types of the path's cluster (of every cluster for the fleet); a 404 Status when the
   * store has no such cluster.
   */
  private ClusterTypes types(KubePath path) {
    List<ResourceTypeView> stored = status.resourceTypes(path.clusters());
    if (!path.fleet() && stored.isEmpty() && !status.hasCluster(path.cluster())) {
      throw KubeStatus.clusterNotFound(path.cluster());
    }
    return ClusterTypes.of(stored, path.at() != null);
  }

  /**
   * The stored type a list or get path names, scoped as the path says; a 404 Status when the
   * cluster stores no such type at that version, or the path's scope is not the type's.
   */
  private ResourceType type(KubePath path) {
    ResourceType type =
        types(path)
            .find(path.group(), path.version(), path.resource())
            .orElseThrow(KubeStatus::noSuchPath);
    boolean namespacedPath = path.namespace() != null;
    if (type.namespaced() ? path.name() != null && !namespacedPath : namespacedPath) {
      throw KubeStatus.noSuchPath();
    }
    return type;
  }
}
