package io.allkinds.testing;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the live feed's server-sent events as the tests need them. */
public final class ServerSentEvents {

  private static final Pattern ID = Pattern.compile("^id: (\\d+)$");

  private ServerSentEvents() {}

  public static void read(InputStream in, int count, List<Long> ids, List<String> names)
      throws Exception {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int got = 0;
    String line;
    while (got < count && (line = reader.readLine()) != null) {
      Matcher m = ID.matcher(line);
      if (m.matches()) {
        ids.add(Long.parseLong(m.group(1)));
      } else if (line.startsWith("data: ")) {
        names.add(new JsonObject(line.substring(6)).getString("name"));
        got++;
      }
    }
  }
}
