package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Cutting search texts and queries into trigram codes, and the index keys they make. */
class SearchGramsTest {

  @Test
  void aTextHasOneCodePerDistinctTrigramAcrossLineEnds() {
    int[] codes = SearchGrams.codes("abab\ncd");
    Set<Integer> expected =
        Set.of(
            SearchGrams.code('a', 'b', 'a'),
            SearchGrams.code('b', 'a', 'b'),
            SearchGrams.code('a', 'b', '\n'),
            SearchGrams.code('b', '\n', 'c'),
            SearchGrams.code('\n', 'c', 'd'));
    assertEquals(expected, set(codes));
    assertEquals(codes.length, set(codes).size(), "no code twice");
    assertEquals(0, SearchGrams.codes("ab").length, "under three code points: no gram");
    assertEquals(0, SearchGrams.codes(null).length);
  }

  @Test
  void everyGramOfAQueryIsAGramOfEachTextThatContainsIt() {
    String text = "shop-😀-cart\nns-é\nweb_%";
    for (String q : new String[] {"p-😀-c", "CART\nNS", "_%", "b_%", "É\nw"}) {
      int[] needed = SearchGrams.queryCodes(q);
      if (needed == null) {
        assertTrue(q.codePointCount(0, q.length()) < 3, q);
        continue;
      }
      assertTrue(set(SearchGrams.codes(text)).containsAll(set(needed)), q);
    }
  }

  @Test
  void shortQueriesAndLoneSurrogatesHaveNoGrams() {
    assertNull(SearchGrams.queryCodes("ab"));
    assertNull(SearchGrams.queryCodes("a😀"), "two code points, three chars");
    assertNull(SearchGrams.queryCodes("ab\uD83D"));
    assertNull(SearchGrams.queryCodes("\uDE00ab"));
    assertEquals(1, SearchGrams.queryCodes("a😀b").length);
  }

  @Test
  void textsPastTheCapAreMarked() {
    String atCap = "x".repeat(SearchGrams.MAX_CODE_POINTS);
    assertArrayEquals(new int[] {SearchGrams.code('x', 'x', 'x')}, SearchGrams.codes(atCap));
    int[] past = SearchGrams.codes(atCap + "yz");
    assertEquals(
        Set.of(SearchGrams.code('x', 'x', 'x'), SearchGrams.OVERFLOW),
        set(past),
        "the grams after the cap are not cut; the text is marked instead");
  }

  @Test
  void keysHoldTheCodeAboveTheId() {
    int code = SearchGrams.code('a', 'b', 'c');
    assertTrue(code > 0, "0 is kept for the overflow mark");
    long key = SearchGrams.key(code, 12345);
    assertEquals(12345, SearchGrams.id(key));
    assertTrue(SearchGrams.first(code) <= key && key <= SearchGrams.last(code));
    assertTrue(SearchGrams.last(code) < SearchGrams.first(code + 1));
    assertThrows(
        IllegalArgumentException.class, () -> SearchGrams.key(code, SearchGrams.MAX_ID + 1));
  }

  @Test
  void intersectAndUnionOfSortedIds() {
    assertArrayEquals(
        new long[] {2, 5}, GramSearch.intersect(new long[] {1, 2, 5, 9}, new long[] {2, 3, 5}));
    assertArrayEquals(
        new long[] {1, 2, 3, 5}, GramSearch.union(new long[] {1, 2, 5}, new long[] {2, 3}));
  }

  private static Set<Integer> set(int[] codes) {
    return Arrays.stream(codes).boxed().collect(Collectors.toSet());
  }
}
