package io.allkinds.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ParamsTest {

  private static Params params(String... nameValues) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < nameValues.length; i += 2) {
      map.add(nameValues[i], nameValues[i + 1]);
    }
    return new Params(map, Set.of("a", "b"));
  }

  private static void assertBad(String param, String problem, Executable read) {
    ApiError e = assertThrows(ApiError.class, read);
    assertEquals(400, e.status());
    assertEquals("bad_parameter", e.code());
    assertTrue(e.getMessage().startsWith("query parameter '" + param + "': "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void anUnknownParameterIsNamedWithTheExpectedOnes() {
    assertBad("c", "unknown parameter; expected one of [a, b]", () -> params("a", "1", "c", "2"));
  }

  @Test
  void aRouteWithoutParametersTakesNone() {
    Params.expectNone(MultiMap.caseInsensitiveMultiMap());
    MultiMap one = MultiMap.caseInsensitiveMultiMap().add("cluster", "c1");
    assertBad("cluster", "unknown parameter; expected one of []", () -> Params.expectNone(one));
  }

  @Test
  void stringsAreOnceAtMostAndBoundedInLength() {
    assertEquals("x", params("a", "x").string("a"));
    assertNull(params().string("a"));
    assertBad("a", "given more than once", () -> params("a", "x", "a", "y").string("a"));
    assertEquals(1024, params("a", "x".repeat(1024)).string("a").length());
    assertBad("a", "longer than 1024 characters", () -> params("a", "x".repeat(1025)).string("a"));
  }

  @Test
  void requiredMeansPresentAndNotEmpty() {
    assertEquals("x", params("a", "x").required("a"));
    assertBad("a", "required", () -> params().required("a"));
    assertBad("a", "required", () -> params("a", "").required("a"));
  }

  @Test
  void repeatedValuesDropEmptiesAndAreBounded() {
    assertEquals(List.of("x", "y"), params("a", "x", "a", "", "a", "y").strings("a"));
    assertEquals(List.of(), params().strings("a"));
    String[] hundred = new String[200];
    for (int i = 0; i < 100; i++) {
      hundred[2 * i] = "a";
      hundred[2 * i + 1] = "v" + i;
    }
    assertEquals(100, params(hundred).strings("a").size());
    String[] more = java.util.Arrays.copyOf(hundred, 202);
    more[200] = "a";
    more[201] = "v100";
    assertBad("a", "given more than 100 times", () -> params(more).strings("a"));
    assertBad("a", "longer than 1024 characters", () -> params("a", "x".repeat(1025)).strings("a"));
  }

  @Test
  void integersHaveADefaultAndLimits() {
    assertEquals(100, params().integer("a", 100, 1, 1000));
    assertEquals(100, params("a", "").integer("a", 100, 1, 1000));
    assertEquals(1, params("a", "1").integer("a", 100, 1, 1000));
    assertEquals(1000, params("a", "1000").integer("a", 100, 1, 1000));
    assertBad(
        "a", "must be from 1 to 1000, got 0", () -> params("a", "0").integer("a", 100, 1, 1000));
    assertBad(
        "a",
        "must be from 1 to 1000, got 1001",
        () -> params("a", "1001").integer("a", 100, 1, 1000));
    assertBad(
        "a", "not a whole number: '1.5'", () -> params("a", "1.5").integer("a", 100, 1, 1000));
    assertBad(
        "a",
        "not a whole number: '99999999999'",
        () -> params("a", "99999999999").integer("a", 100, 1, 1000));
  }

  @Test
  void longsHaveADefaultAndAreNotNegative() {
    assertEquals(7, params().longValue("a", 7));
    assertEquals(99999999999L, params("a", "99999999999").longValue("a", 7));
    assertEquals(0, params("a", "0").longValue("a", 7));
    assertBad("a", "must not be negative", () -> params("a", "-1").longValue("a", 7));
    assertBad("a", "not a whole number: 'ten'", () -> params("a", "ten").longValue("a", 7));
  }

  @Test
  void booleansAreTrueFalseOneOrZero() {
    assertTrue(params("a", "true").bool("a"));
    assertTrue(params("a", "1").bool("a"));
    assertFalse(params("a", "false").bool("a"));
    assertFalse(params("a", "0").bool("a"));
    assertFalse(params("a", "").bool("a"));
    assertFalse(params().bool("a"));
    assertBad("a", "expected true or false, got 'yes'", () -> params("a", "yes").bool("a"));
    assertBad("a", "expected true or false, got 'TRUE'", () -> params("a", "TRUE").bool("a"));
  }

  @Test
  void timesAreRfc3339WithAnOffset() {
    assertEquals(
        Instant.parse("2026-11-24T02:00:00Z"), params("a", "2026-11-24T02:00:00Z").time("a"));
    assertEquals(
        Instant.parse("2026-11-24T00:00:00Z"), params("a", "2026-11-24T02:00:00+02:00").time("a"));
    assertEquals(
        Instant.parse("2026-11-24T02:00:00.123Z"),
        params("a", "2026-11-24T02:00:00.123Z").time("a"));
    assertNull(params().time("a"));
    assertNull(params("a", "").time("a"));
    for (String bad : List.of("2026-11-24", "2026-11-24T02:00:00", "yesterday", "1732413600")) {
      assertBad(
          "a",
          "expected an RFC 3339 time such as 2026-11-24T02:00:00Z, got '" + bad + "'",
          () -> params("a", bad).time("a"));
    }
  }
}
