package io.allkinds.web;

import io.allkinds.model.ObjectCursor;
import io.allkinds.model.ObjectKey;
import io.allkinds.model.ObjectSort;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The continue token of an inventory listing: the sort it belongs to, the last object's key and its
 * last change's seq, as URL-safe base64 JSON.
 */
public final class ContinueToken {

  private ContinueToken() {}

  /** The token that continues a listing in {@code sort} order after {@code cursor}. */
  public static String encode(ObjectCursor cursor, ObjectSort sort) {
    ObjectKey key = cursor.key();
    JsonArray k =
        new JsonArray()
            .add(sort.name())
            .add(key.cluster())
            .add(key.group())
            .add(key.resource())
            .add(key.namespace())
            .add(key.name())
            .add(cursor.seq());
    return wrap(k);
  }

  /**
   * The cursor a token holds, or null for none; a token this API did not hand out for {@code sort}
   * is a 400 naming the parameter {@code continue}.
   */
  public static ObjectCursor decode(String token, ObjectSort sort) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    JsonArray k = unwrap(token, sort.name(), 7, "this sort");
    try {
      for (int i = 1; i < 6; i++) {
        if (k.getString(i) == null) {
          throw new IllegalArgumentException();
        }
      }
      return new ObjectCursor(
          new ObjectKey(
              k.getString(1), k.getString(2), k.getString(3), k.getString(4), k.getString(5)),
          k.getLong(6));
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      throw notOurs("this sort");
    }
  }

  /** A token's text: its fields, the first naming what it continues, as URL-safe base64 JSON. */
  static String wrap(JsonArray fields) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(fields.encode().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The {@code size} fields of a token {@link #wrap} wrote for {@code tag}; anything else is a 400
   * naming the parameter {@code continue} (as handed out "for {@code what}").
   */
  static JsonArray unwrap(String token, String tag, int size, String what) {
    try {
      JsonArray k =
          new JsonArray(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      if (k.size() != size || !tag.equals(k.getString(0))) {
        throw notOurs(what);
      }
      return k;
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw notOurs(what);
    }
  }

  private static ApiError notOurs(String what) {
    return ApiError.badParameter("continue", "not a token this API handed out for " + what);
  }
}
