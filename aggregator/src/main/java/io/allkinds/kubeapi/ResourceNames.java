package io.allkinds.kubeapi;

import java.util.List;

/** The short names and categories that discovery lists for a resource. */
record ResourceNames(List<String> shortNames, List<String> categories) {

  static final ResourceNames NONE = new ResourceNames(List.of(), List.of());

  ResourceNames {
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
  }
}
