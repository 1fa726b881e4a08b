package io.allkinds.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.model.ResourceType;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CloudEvents HTTP binding details: header encoding, structured documents, subjects. */
class CloudEventTest {

  private static final CloudEvent EVENT =
      new CloudEvent(
          42,
          "/allkinds/clusters/prod-1",
          "io.allkinds.object.modified",
          "api/v1/namespaces/a b/configmaps/caf\u00e9",
          Instant.parse("2026-12-03T02:00:00Z"),
          Map.of("cluster", "prod-1"),
          "{\"x\":[1,\"\\\"\"]}".getBytes(StandardCharsets.UTF_8));

  @Test
  void headerValuesPercentEncodeSpaceQuotePercentAndNonAscii() {
    assertEquals("a%20b%22c%25d%C3%A9", CloudEvent.headerValue("a b\"c%d\u00e9"));
    assertEquals("plain/value-1", CloudEvent.headerValue("plain/value-1"));
    MultiMap h = EVENT.binaryHeaders();
    assertEquals("42", h.get("ce-id"));
    assertEquals("api/v1/namespaces/a%20b/configmaps/caf%C3%A9", h.get("ce-subject"));
    assertEquals("2026-12-03T02:00:00Z", h.get("ce-time"));
  }

  @Test
  void aStructuredEventCarriesTheAttributesAndTheDataAsJson() {
    JsonObject doc = new JsonObject(EVENT.structured());
    assertEquals("1.0", doc.getString("specversion"));
    assertEquals("42", doc.getString("id"));
    assertEquals("prod-1", doc.getString("cluster"));
    assertEquals("application/json", doc.getString("datacontenttype"));
    assertEquals("\"", doc.getJsonObject("data").getJsonArray("x").getString(1));
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    String data = StructuredEvents.toBinary(EVENT.structured(), headers).toString();
    assertEquals(new JsonObject(data), doc.getJsonObject("data"));
    assertEquals("api/v1/namespaces/a%20b/configmaps/caf%C3%A9", headers.get("ce-subject"));
  }

  @Test
  void subjectsNameTheObjectsApiPath() {
    ResourceType deploy = new ResourceType("apps", "v1", "deployments", "Deployment", true);
    ResourceType ns = new ResourceType("", "v1", "namespaces", "Namespace", false);
    assertEquals(
        "apis/apps/v1/namespaces/prod/deployments/web",
        EventEncoder.subject(deploy, "prod", "web"));
    assertEquals("api/v1/namespaces/prod", EventEncoder.subject(ns, "", "prod"));
    assertEquals("apps", Subjects.group("apis/apps/v1/namespaces/prod/deployments/web"));
    assertEquals("", Subjects.group("api/v1/namespaces/prod"));
  }

  @Test
  void retryAfterIsSecondsOrAnHttpDateCappedAtTenMinutes() {
    Instant now = Instant.parse("2026-12-03T02:00:00Z");
    assertEquals(Duration.ofSeconds(7), RetryAfter.parse("7", now));
    assertEquals(Duration.ofSeconds(30), RetryAfter.parse("Thu, 03 Dec 2026 02:00:30 GMT", now));
    assertEquals(Duration.ZERO, RetryAfter.parse("Thu, 03 Dec 2026 01:00:00 GMT", now));
    assertEquals(RetryAfter.MAX, RetryAfter.parse("86400", now));
    assertEquals(Duration.ZERO, RetryAfter.parse("soon", now));
    assertEquals(Duration.ZERO, RetryAfter.parse(null, now));
  }

  @Test
  void onlyFourHundredsOtherThan408And429AreRefusals() {
    assertEquals(Outcome.Kind.REFUSED, Outcome.ofStatus(400, null, Duration.ZERO, "u").kind());
    assertEquals(Outcome.Kind.RETRY, Outcome.ofStatus(408, null, Duration.ZERO, "u").kind());
    assertEquals(Outcome.Kind.RETRY, Outcome.ofStatus(429, null, Duration.ZERO, "u").kind());
    assertEquals(Outcome.Kind.RETRY, Outcome.ofStatus(503, null, Duration.ZERO, "u").kind());
    assertEquals(Outcome.Kind.ACCEPTED, Outcome.ofStatus(202, null, Duration.ZERO, "u").kind());
  }
}
