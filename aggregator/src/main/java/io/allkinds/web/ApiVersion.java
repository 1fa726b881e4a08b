package io.allkinds.web;

/** An {@code apiVersion} parameter split into group ('' for core) and version. */
record ApiVersion(String group, String version) {

  static ApiVersion parse(String value) {
    if (value == null || value.isEmpty()) {
      return new ApiVersion(null, null);
    }
    int slash = value.indexOf('/');
    if (slash < 0) {
      return new ApiVersion("", value);
    }
    if (slash == 0 || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
      throw ApiError.badParameter(
          "apiVersion", "expected 'version' or 'group/version', got '" + value + "'");
    }
    return new ApiVersion(value.substring(0, slash), value.substring(slash + 1));
  }
}
