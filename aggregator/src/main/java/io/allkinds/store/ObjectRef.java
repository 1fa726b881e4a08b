package io.allkinds.store;

import io.allkinds.model.ObjectKey;

/** One object of a {@link TypeKey}: the type (with its version and kind) and namespace and name. */
record ObjectRef(TypeKey type, String namespace, String name) {

  /** The object's stored primary key. */
  ObjectKey key() {
    return new ObjectKey(
        type.cluster(), type.type().group(), type.type().resource(), namespace, name);
  }
}
