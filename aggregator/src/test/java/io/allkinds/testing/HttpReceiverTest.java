package io.allkinds.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sink tests' receiver: what it accepts, records and refuses, and its outages. */
class HttpReceiverTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private int binary(HttpReceiver r, long seq, String subject) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(r.url()))
            .header("Content-Type", "application/json")
            .header("ce-specversion", "1.0")
            .header("ce-id", String.valueOf(seq))
            .header("ce-subject", subject)
            .POST(HttpRequest.BodyPublishers.ofString("{\"seq\":" + seq + "}"))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private int post(HttpReceiver r, String contentType, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(r.url()))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void recordsAcceptedBinaryEventsAndRefusesWhatThePredicatePicks() throws Exception {
    try (HttpReceiver r = HttpReceiver.start(1)) {
      r.refuse(e -> e.attribute("subject").endsWith("/bad"));
      assertEquals(200, binary(r, 1, "x/good"));
      assertEquals(400, binary(r, 2, "x/bad"));
      assertEquals(200, binary(r, 3, "x/good"));
      assertEquals(List.of(1L, 3L), r.acceptedSeqs());
      HttpReceiver.Event first = r.accepted().get(0);
      assertEquals("1.0", first.attribute("specversion"));
      assertEquals("{\"seq\":1}", first.data());
      assertEquals(1, r.answered400());
    }
  }

  @Test
  void parsesStructuredAndBatchedEvents() throws Exception {
    try (HttpReceiver r = HttpReceiver.start(1)) {
      assertEquals(
          200,
          post(
              r,
              "application/cloudevents+json; charset=UTF-8",
              "{\"specversion\":\"1.0\",\"id\":\"5\",\"type\":\"t\",\"data\":{\"a\":1}}"));
      assertEquals(
          200,
          post(
              r,
              "application/cloudevents-batch+json; charset=UTF-8",
              "[{\"id\":\"6\",\"type\":\"t\"},{\"id\":\"7\",\"type\":\"t\"}]"));
      assertEquals(List.of(5L, 6L, 7L), r.acceptedSeqs());
      assertEquals("{\"a\":1}", r.accepted().get(0).data());
    }
  }

  @Test
  void failsAboutTheGivenFractionAtRandom() throws Exception {
    try (HttpReceiver r = HttpReceiver.start(42)) {
      r.failFraction(1.0 / 3);
      int failed = 0;
      for (int i = 0; i < 300; i++) {
        if (binary(r, i, "s") == 500) {
          failed++;
        }
      }
      assertTrue(failed > 60 && failed < 140, failed + " of 300 failed");
      assertEquals(failed, r.answered500());
      assertEquals(300 - failed, r.acceptedSeqs().size());
    }
  }

  @Test
  void goesDownAndComesBackOnTheSamePort() throws Exception {
    try (HttpReceiver r = HttpReceiver.start(1)) {
      String url = r.url();
      assertEquals(200, binary(r, 1, "s"));
      r.down();
      assertThrows(IOException.class, () -> binary(r, 2, "s"));
      r.up();
      assertEquals(url, r.url());
      assertEquals(200, binary(r, 3, "s"));
      assertEquals(List.of(1L, 3L), r.acceptedSeqs());
    }
  }
}
