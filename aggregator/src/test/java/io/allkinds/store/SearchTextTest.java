package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.model.ObjectKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text q= searches in, and its LIKE pattern, on ordinary and odd input. */
class SearchTextTest {

  private static final ObjectKey CART = new ObjectKey("c", "", "configmaps", "Shop", "Cart");

  @Test
  void searchTextHoldsNameNamespaceAndLabelValuesOnePerLine() {
    assertEquals(
        "web-0\nshop\nfrontend", SearchText.of("Web-0", "shop", Map.of("tier", "FrontEnd")));
    assertEquals(
        "%50\\%\\_off%", SearchText.pattern("50%_OFF"), "LIKE wildcards in the text are literal");
  }

  @Test
  void emptyAndNullLabelValuesAndAClusterScopedObjectAddNoLines() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("a", "");
    labels.put("b", null);
    labels.put("c", "X");
    assertEquals("node-1\n\nx", SearchText.of("Node-1", "", labels));
  }

  @Test
  void lowerCasingDoesNotDependOnTheDefaultLocale() {
    // Locale.ROOT: a Turkish default locale would turn "I" into a dotless i.
    assertEquals("title\n", SearchText.of("TITLE", "", Map.of()));
    assertEquals("%i%", SearchText.pattern("I"));
  }

  @Test
  void aBackslashInTheTextIsLiteralToo() {
    assertEquals("%a\\\\b%", SearchText.pattern("a\\b"));
    assertEquals("%%", SearchText.pattern(""), "the empty text matches everything");
  }

  @Test
  void storedLabelsAreReadFromTheirJsonInOrder() {
    assertEquals(
        "cart\nshop\npayments\neu",
        SearchText.ofStored(CART, "{\"team\":\"Payments\",\"region\":\"EU\"}"));
    assertEquals(
        "cart\nshop\n3", SearchText.ofStored(CART, "{\"replicas\":3}"), "a number reads as text");
  }

  @Test
  void storedLabelsThatAreNotAJsonObjectOfStringsLeaveNameAndNamespace() {
    Map<String, String> odd = new HashMap<>();
    odd.put("malformed", "{\"team\":");
    odd.put("array", "[\"payments\"]");
    odd.put("nested", "{\"team\":{\"name\":\"payments\"}}");
    odd.put("json null", "null");
    odd.put("sql null", null);
    odd.forEach(
        (what, json) ->
            assertEquals("cart\nshop", SearchText.ofStored(CART, json), what + " labels"));
  }
}
