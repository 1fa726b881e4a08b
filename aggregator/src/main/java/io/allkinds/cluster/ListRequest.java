package io.allkinds.cluster;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.allkinds.model.ResourceType;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One LIST request of a resource type, read as a stream: through the fabric8 client's own HTTP
 * client (its authentication and TLS), with the body parsed token by token so that only one item is
 * held at a time however large the page. The list's {@code continue} token and resourceVersion are
 * read on the way.
 */
final class ListRequest {

  /** What a page said besides its items. */
  record Page(String continueToken, String resourceVersion, int items, long bytes) {}

  /** Receives each item of a page with the size of its JSON. */
  interface ItemSink {
    void accept(ObjectNode item, int jsonBytes) throws InterruptedException;
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final KubernetesClient client;
  private final KubernetesSerialization serialization;
  private final ResourceType type;
  private final Duration timeout;

  ListRequest(KubernetesClient client, ResourceType type, Duration timeout) {
    this.client = client;
    this.serialization = client.getKubernetesSerialization();
    this.type = type;
    this.timeout = timeout;
  }

  /**
   * Lists one page ({@code limit} null: every object at once) from {@code continueToken}; blocking.
   * A refusal by the server throws a {@link KubernetesClientException} carrying its Status (a 429's
   * Retry-After header copied into the details).
   */
  Page fetch(Long limit, String continueToken, ItemSink sink)
      throws IOException, InterruptedException {
    HttpClient http = client.getHttpClient();
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(uri(limit, continueToken))
            .header("Accept", "application/json")
            .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .build();
    CompletableFuture<HttpResponse<InputStream>> pending =
        http.sendAsync(request, InputStream.class);
    HttpResponse<InputStream> response;
    try {
      response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw KubernetesClientException.launderThrowable(
          "listing " + type.groupResource(), e.getCause());
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new IOException(
          "no answer to the LIST of "
              + type.groupResource()
              + " within "
              + timeout.toSeconds()
              + " s");
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    }
    // Closing the body early (a failure, or a stop half way) cancels the rest of the response.
    try (InputStream body = response.body()) {
      if (!response.isSuccessful()) {
        throw failure(response, body);
      }
      return read(body, sink);
    }
  }

  /** The URL of {@code type}'s objects in every namespace, without a query. */
  static String collectionUrl(KubernetesClient client, ResourceType type) {
    String base = client.getMasterUrl().toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        + (type.group().isEmpty()
            ? "/api/" + type.version()
            : "/apis/" + type.group() + "/" + type.version())
        + "/"
        + type.resource();
  }

  private String uri(Long limit, String continueToken) {
    StringBuilder uri = new StringBuilder(collectionUrl(client, type));
    String sep = "?";
    if (limit != null) {
      uri.append(sep).append("limit=").append(limit);
      sep = "&";
    }
    if (continueToken != null && !continueToken.isEmpty()) {
      uri.append(sep)
          .append("continue=")
          .append(URLEncoder.encode(continueToken, StandardCharsets.UTF_8));
    }
    return uri.toString();
  }

  private Page read(InputStream body, ItemSink sink) throws IOException, InterruptedException {
    String continueToken = null;
    String resourceVersion = null;
    int items = 0;
    long bytes = 0;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the LIST of " + type.groupResource() + " is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("metadata".equals(field) && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if ("continue".equals(name)) {
              continueToken = p.getValueAsString();
            } else if ("resourceVersion".equals(name)) {
              resourceVersion = p.getValueAsString();
            } else {
              p.skipChildren();
            }
          }
        } else if ("items".equals(field) && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            long start = p.currentTokenLocation().getByteOffset();
            ObjectNode item = withTypeMeta(JSON.readTree(p));
            int size = (int) (p.currentLocation().getByteOffset() - start);
            items++;
            bytes += size;
            sink.accept(item, size);
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return new Page(continueToken, resourceVersion, items, bytes);
  }

  /**
   * Items of built-in lists come without apiVersion and kind (the list has them); watch events
   * carry both. They are put first, where a watched object has them.
   */
  private ObjectNode withTypeMeta(ObjectNode item) {
    if (!item.path("apiVersion").asText("").isEmpty() && !item.path("kind").asText("").isEmpty()) {
      return item;
    }
    ObjectNode complete = JSON.createObjectNode();
    complete.put(
        "apiVersion",
        type.group().isEmpty() ? type.version() : type.group() + "/" + type.version());
    complete.put("kind", type.kind());
    item.remove("apiVersion");
    item.remove("kind");
    complete.setAll(item);
    return complete;
  }

  private KubernetesClientException failure(HttpResponse<InputStream> response, InputStream body) {
    String text;
    try {
      text = new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
    }
    Status status = null;
    try {
      status = text.startsWith("{") ? serialization.unmarshal(text, Status.class) : null;
    } catch (RuntimeException e) {
      // not a Status: described from the code and the text below
    }
    if (status == null || status.getCode() == null) {
      status =
          new StatusBuilder()
              .withCode(response.code())
              .withStatus("Failure")
              .withMessage(text.isBlank() ? "HTTP " + response.code() : text.strip())
              .build();
    }
    Integer retryAfter = retryAfterHeader(response.headers("Retry-After"));
    if (retryAfter != null) {
      if (status.getDetails() == null) {
        status.setDetails(new StatusDetails());
      }
      if (status.getDetails().getRetryAfterSeconds() == null) {
        status.getDetails().setRetryAfterSeconds(retryAfter);
      }
    }
    return new KubernetesClientException(status);
  }

  static Integer retryAfterHeader(List<String> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    try {
      return Math.max(0, Integer.parseInt(values.get(0).trim()));
    } catch (NumberFormatException e) {
      return null; // an HTTP date: rare from an API server, and the back-off covers it
    }
  }
}
