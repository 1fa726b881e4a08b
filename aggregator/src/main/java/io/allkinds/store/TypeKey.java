package io.allkinds.store;

import io.allkinds.model.ResourceType;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** One resource type of one cluster, as the writer keys its per-type rows and figures. */
record TypeKey(String cluster, ResourceType type) {

  /** The type's key condition on {@code resource_types} and {@code objects}: three parameters. */
  static final String MATCHES = "cluster = ? AND api_group = ? AND resource = ?";

  /** Binds cluster, group and resource from {@code index}; answers the next free index. */
  int bind(PreparedStatement ps, int index) throws SQLException {
    ps.setString(index++, cluster);
    ps.setString(index++, type.group());
    ps.setString(index++, type.resource());
    return index;
  }

  /** The object of this type at {@code namespace}/{@code name}. */
  ObjectRef object(String namespace, String name) {
    return new ObjectRef(this, namespace, name);
  }
}
