package io.allkinds.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The store's delimited text: every delimiter escaped, items built in one buffer, read back. */
class StoredTextTest {

  private static final String ALL_SPECIAL = "%,|=\t\n";

  @Test
  void escapesEveryDelimiterInUpperCaseHexAndNothingElse() {
    assertEquals("%25%2C%7C%3D%09%0A", StoredText.escape(ALL_SPECIAL));
    assertEquals("a%2Cb%7Cc-é✓/~", StoredText.escape("a,b|c-é✓/~"));
    assertEquals(ALL_SPECIAL, StoredText.unescape(StoredText.escape(ALL_SPECIAL)));
  }

  @Test
  void aPlainValueIsItselfAndIsAppendedWhole() {
    String plain = "kube-controller-manager";
    assertSame(plain, StoredText.escape(plain), "nothing to escape: no copy");
    StringBuilder out = new StringBuilder("x");
    assertEquals(
        "x" + plain + "a%2Cb",
        StoredText.escapeTo(StoredText.escapeTo(out, plain), "a,b").toString());
  }

  @Test
  void delimitedTextHasItsFieldsEscaped() {
    String text =
        new StoredText.Delimited()
            .item("kubelet")
            .field("Update")
            .field("status")
            .item("a,b|c")
            .field("")
            .field("=")
            .text();
    assertEquals(",kubelet|Update|status,a%2Cb%7Cc||%3D,", text);
    assertEquals(List.of("kubelet|Update|status", "a%2Cb%7Cc||%3D"), StoredText.items(text));
    assertEquals(
        ",/spec,/status,", new StoredText.Delimited().item("/spec").item("/status").text());
  }

  @Test
  void noItemsIsTheEmptyTextAndAMadeTextTakesNoMore() {
    StoredText.Delimited none = new StoredText.Delimited();
    assertEquals("", none.text());
    assertEquals("", none.text(), "asking twice changes nothing");
    StoredText.Delimited one = new StoredText.Delimited().item("a");
    assertEquals(",a,", one.text());
    assertEquals(",a,", one.text());
    assertThrows(IllegalStateException.class, () -> one.item("b"));
    assertThrows(IllegalStateException.class, () -> new StoredText.Delimited().field("x"));
  }
}
