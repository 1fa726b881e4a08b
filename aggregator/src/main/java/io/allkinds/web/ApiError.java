package io.allkinds.web;

/** An error the API reports as {@code {"error": code, "message": text}} with an HTTP status. */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String code;

  ApiError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static ApiError badParameter(String name, String problem) {
    return new ApiError(400, "bad_parameter", "query parameter '" + name + "': " + problem);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
