package io.allkinds.kubeapi;

import io.allkinds.model.LabelRequirement;
import io.allkinds.model.ObjectCursor;
import io.allkinds.model.ObjectSort;
import io.allkinds.web.ContinueToken;
import io.allkinds.web.LabelSelectorParser;
import io.vertx.core.MultiMap;
import java.util.List;

/**
 * The query parameters of a list, get or watch, as kube-apiserver takes them. Parameters this API
 * has no use for (a list's {@code resourceVersion}: every list is of the latest state) are ignored,
 * as kube-apiserver ignores those it does not know.
 *
 * @param limit the most items a page holds; 0 for the whole list in one answer
 * @param after where a continued list starts, or null
 * @param watch the watch's parameters, or null for a list
 */
record ListParams(
    List<LabelRequirement> labels,
    FieldSelector fields,
    int limit,
    ObjectCursor after,
    IncludeObject include,
    WatchParams watch) {

  ListParams {
    labels = List.copyOf(labels);
  }

  /** The parameters of {@code params}; a 400 Status for a malformed one. */
  static ListParams parse(MultiMap params) {
    return new ListParams(
        LabelSelectorParser.parse(params.get("labelSelector")),
        FieldSelector.parse(params.get("fieldSelector")),
        limit(params.get("limit")),
        ContinueToken.decode(params.get("continue"), ObjectSort.KEY),
        IncludeObject.parse(params.get("includeObject")),
        WatchParams.parse(params));
  }

  private static int limit(String value) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Long.parseLong(value)));
    } catch (NumberFormatException e) {
      throw KubeStatus.badRequest("limit must be a whole number, got '" + value + "'");
    }
  }
}
