package io.allkinds.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.allkinds.model.EdgeRelation;
import io.allkinds.model.ObjectEdge;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A set's stored text: one edge to a line, every field escaped, read back as it was. */
class EdgeTextTest {

  private static final List<ObjectEdge> POD =
      List.of(
          new ObjectEdge(EdgeRelation.OWNER, "apps", "ReplicaSet", "team-000", "app-1", "rs-1"),
          new ObjectEdge(EdgeRelation.NODE, "", "Node", "", "node-3", ""),
          new ObjectEdge(
              EdgeRelation.SERVICE_ACCOUNT, "", "ServiceAccount", "team-000", "app", ""));

  @Test
  void aSetIsStoredOneEdgeToALine() {
    String text =
        """
        owner|apps|ReplicaSet|team-000|app-1|rs-1
        node||Node||node-3|
        service_account||ServiceAccount|team-000|app|""";
    assertEquals(text, EdgeText.encode(POD));
    assertArrayEquals(text.getBytes(UTF_8), EdgeText.bytes(POD));
    assertEquals(POD, EdgeText.decode(EdgeText.bytes(POD), null));
    assertEquals(POD, EdgeText.decode(null, text), "a set stored as text before schema 11");
  }

  @Test
  void delimitersAndWideCharactersInAnyFieldComeBack() {
    List<ObjectEdge> odd =
        List.of(
            new ObjectEdge(EdgeRelation.OWNER, "x.io", "Wïdget|v2", "ns,1", "a\nb=c%d", "u\tid"),
            new ObjectEdge(EdgeRelation.CONFIG_MAP, "", "ConfigMap", "ns,1", "名前", ""));
    byte[] stored = EdgeText.bytes(odd);
    assertEquals(
        "owner|x.io|Wïdget%7Cv2|ns%2C1|a%0Ab%3Dc%25d|u%09id\nconfig_map||ConfigMap|ns%2C1|名前|",
        new String(stored, UTF_8));
    assertEquals(odd, EdgeText.decode(stored, null));
    assertEquals(List.of(), EdgeText.decode(EdgeText.bytes(List.of()), null));
  }
}
