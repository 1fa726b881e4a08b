package io.allkinds.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that hands tests one real PostgreSQL server, started once for the whole test
 * run and stopped (its data directory deleted) at its end; each test makes its own database.
 */
public final class SharedPostgres implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Postgres.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store =
        context.getRoot().getStore(ExtensionContext.Namespace.create(SharedPostgres.class));
    return store.getOrComputeIfAbsent(
        "postgres",
        k -> {
          try {
            Postgres pg = Postgres.start();
            Runtime.getRuntime()
                .addShutdownHook(
                    new Thread(
                        () -> {
                          try {
                            pg.close();
                          } catch (Exception ignored) {
                            // best effort when the JVM dies without JUnit's cleanup
                          }
                        }));
            return pg;
          } catch (Exception e) {
            throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
          }
        },
        Postgres.class);
  }
}
