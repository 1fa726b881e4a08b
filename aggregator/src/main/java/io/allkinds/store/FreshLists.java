package io.allkinds.store;

import io.allkinds.model.ResourceType;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers, per type and list generation, whether the type had no stored rows when the list began:
 * such a list's objects are all new and can be inserted without a lookup each. Used by the writer
 * thread only.
 */
final class FreshLists {

  private record Key(String cluster, String group, String resource) {}

  private record State(long generation, boolean fresh) {}

  private final Map<Key, State> states = new HashMap<>();

  /** Whether the list is fresh, or null when not yet known for this generation. */
  Boolean get(String cluster, ResourceType type, long generation) {
    State s = states.get(new Key(cluster, type.group(), type.resource()));
    return (s == null || s.generation() != generation) ? null : s.fresh();
  }

  void put(String cluster, ResourceType type, long generation, boolean fresh) {
    states.put(new Key(cluster, type.group(), type.resource()), new State(generation, fresh));
  }

  /** The list finished: later ops for the type are watch events and need lookups. */
  void done(String cluster, ResourceType type) {
    states.remove(new Key(cluster, type.group(), type.resource()));
  }
}
