package io.allkinds.testing;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the aggregator's API says about clusters, types and ConfigMaps, read through every page. */
public final class ApiStates {

  private ApiStates() {}

  /** The same, as the aggregator's inventory has them. */
  public static Map<String, String> configMaps(Api api, String cluster, String ns) {
    Map<String, String> out = new TreeMap<>();
    String cont = null;
    do {
      JsonObject page =
          api.get(
                  "/api/v1/objects?limit=1000&kind=ConfigMap&cluster="
                      + cluster
                      + "&namespace="
                      + ns
                      + (cont == null ? "" : "&continue=" + cont))
              .json();
      page.getJsonArray("items").stream()
          .map(JsonObject.class::cast)
          .filter(o -> !o.getString("name").equals("kube-root-ca.crt"))
          .forEach(o -> out.put(o.getString("name"), o.getString("resourceVersion")));
      cont = page.getString("continue");
    } while (cont != null);
    return out;
  }

  public static String typeState(Api api, String cluster, String resource) {
    return api.items("/api/v1/resource-types?cluster=" + cluster).stream()
        .map(JsonObject.class::cast)
        .filter(t -> t.getString("resource").equals(resource) && t.getString("group").isEmpty())
        .map(t -> t.getString("state"))
        .findFirst()
        .orElse("absent");
  }

  public static String clusterState(Api api, String name) {
    return api.items("/api/v1/clusters").stream()
        .map(JsonObject.class::cast)
        .filter(c -> c.getString("name").equals(name))
        .map(c -> c.getString("state"))
        .findFirst()
        .orElse("absent");
  }

  /** name -> resourceVersions journaled for it, oldest first. */
  public static Map<String, List<String>> configMapJournal(Api api, String cluster, String ns) {
    Map<String, List<String>> out = new TreeMap<>();
    long after = 0;
    while (true) {
      JsonObject page =
          api.get(
                  "/api/v1/changes?limit=1000&kind=ConfigMap&cluster="
                      + cluster
                      + "&namespace="
                      + ns
                      + "&after="
                      + after)
              .json();
      page.getJsonArray("items").stream()
          .map(JsonObject.class::cast)
          .forEach(
              e ->
                  out.computeIfAbsent(e.getString("name"), k -> new ArrayList<>())
                      .add(e.getString("type") + "@" + e.getString("resourceVersion")));
      if (page.getValue("next") == null) {
        return out;
      }
      after = page.getLong("next");
    }
  }
}
