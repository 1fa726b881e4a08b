package io.allkinds.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.model.LabelRequirement;
import io.allkinds.model.LabelRequirement.Operator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LabelSelectorParserTest {

  private static LabelRequirement req(String key, Operator op, String... values) {
    return new LabelRequirement(key, op, List.of(values));
  }

  @Test
  void everyOperatorParses() {
    assertEquals(List.of(req("app", Operator.EQUALS, "web")), LabelSelectorParser.parse("app=web"));
    assertEquals(
        List.of(req("app", Operator.EQUALS, "web")), LabelSelectorParser.parse("app==web"));
    assertEquals(
        List.of(req("app", Operator.NOT_EQUALS, "web")), LabelSelectorParser.parse("app!=web"));
    assertEquals(
        List.of(req("tier", Operator.IN, "a", "b")), LabelSelectorParser.parse("tier in (a,b)"));
    assertEquals(
        List.of(req("tier", Operator.NOT_IN, "a", "b")),
        LabelSelectorParser.parse("tier notin (a, b)"));
    assertEquals(List.of(req("app", Operator.EXISTS)), LabelSelectorParser.parse("app"));
    assertEquals(List.of(req("app", Operator.DOES_NOT_EXIST)), LabelSelectorParser.parse("!app"));
  }

  @Test
  void requirementsJoinWithCommasAndSpacesAreIgnored() {
    assertEquals(
        List.of(
            req("app.kubernetes.io/name", Operator.EQUALS, "web"),
            req("tier", Operator.IN, "front"),
            req("canary", Operator.DOES_NOT_EXIST),
            req("team", Operator.EXISTS)),
        LabelSelectorParser.parse(" app.kubernetes.io/name = web , tier in (front), !canary,team"));
  }

  @Test
  void anEmptyValueIsAllowedAsKubernetesAllowsIt() {
    assertEquals(List.of(req("app", Operator.EQUALS, "")), LabelSelectorParser.parse("app="));
  }

  @Test
  void nothingSelectsEverything() {
    assertEquals(List.of(), LabelSelectorParser.parse(null));
    assertEquals(List.of(), LabelSelectorParser.parse(""));
    assertEquals(List.of(), LabelSelectorParser.parse("   "));
  }

  @Test
  void aKeyNamedLikeAnOperatorIsStillAKey() {
    assertEquals(List.of(req("in", Operator.EXISTS)), LabelSelectorParser.parse("in"));
    assertEquals(List.of(req("notin", Operator.EQUALS, "x")), LabelSelectorParser.parse("notin=x"));
  }

  @Test
  void badSelectorsAre400sThatSayWhereAndWhy() {
    assertBad("app web", "expected an operator");
    assertBad("tier in a,b", "expected '(' to open a set of values");
    assertBad("tier in (a,b", "expected ')' to close the set of values");
    assertBad("-app=web", "'-app' is not a valid label key");
    assertBad("Example.COM/app=web", "'Example.COM/app' is not a valid label key");
    assertBad("app=-web", "'-web' is not a valid label value");
    assertBad("app=" + "x".repeat(64), "is not a valid label value");
    assertBad("app=web)", "unexpected ')'");
    assertBad("app=web,", "'' is not a valid label key");
    assertBad("=web", "'' is not a valid label key");
    String many =
        IntStream.rangeClosed(1, 21).mapToObj(i -> "k" + i).collect(Collectors.joining(","));
    assertBad(many, "more than 20 requirements");
  }

  @Test
  void twentyRequirementsAreAllowed() {
    String twenty =
        IntStream.rangeClosed(1, 20).mapToObj(i -> "k" + i).collect(Collectors.joining(","));
    assertEquals(20, LabelSelectorParser.parse(twenty).size());
  }

  private static void assertBad(String selector, String problem) {
    ApiError e = assertThrows(ApiError.class, () -> LabelSelectorParser.parse(selector), selector);
    assertEquals(400, e.status(), selector);
    assertEquals("bad_parameter", e.code(), selector);
    assertTrue(e.getMessage().startsWith("query parameter 'labelSelector': "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), selector + ": " + e.getMessage());
    assertTrue(e.getMessage().contains("of '" + selector + "'"), e.getMessage());
  }
}
