package io.infraaware.testing.orders;

import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ProbeConnection;
import io.infraaware.probe.ProbeContext;
import io.infraaware.probe.ProbeFailure;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.UrlScheme;
import io.infraaware.spi.ClientType;
import io.infraaware.spi.ServiceKindProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The worked example of docs/writing-a-probe.md: an in-house "orders" service with a line protocol.
 * The client says {@code HELLO <token>}, the server answers {@code WELCOME <version>} or {@code
 * DENIED <reason>}. Registered in this module's test {@code META-INF/services}.
 */
// snippet:start provider
public final class OrdersProvider implements ServiceKindProvider {

  /** {@code orders://[token@]host[:7070]}. */
  public static final ServiceKind KIND =
      ServiceKind.of("orders", "Orders service", UrlScheme.of("orders", 7070));

  @Override
  public ServiceKind kind() {
    return KIND;
  }

  @Override
  public ServiceProbe probe() {
    return new ServiceProbe() {
      @Override
      public ProbeResult probe(ProbeContext context) throws IOException {
        try (ProbeConnection connection = context.connect()) {
          String token = context.endpoint().username().orElse("anonymous");
          connection.send("HELLO " + token + "\n", "a HELLO");
          String answer = connection.readLine();
          if (answer.startsWith("WELCOME ")) {
            return context.up(answer.substring("WELCOME ".length()));
          }
          if (answer.startsWith("DENIED ")) {
            throw new ProbeFailure(
                DiagnosisCode.AUTHENTICATION_REJECTED,
                "the orders service refused the token: " + answer.substring(7));
          }
          throw context.mismatch(answer);
        }
      }

      @Override
      public boolean recognises(byte[] answer) {
        return new String(answer, StandardCharsets.US_ASCII).startsWith("DENIED ");
      }
    };
  }

  @Override
  public List<ClientType> clientTypes() {
    return List.of(
        ClientType.of(
            OrdersClient.class.getName(),
            OrdersClient.class.getName(),
            "com.example:orders-client",
            (endpoint, closeLater) -> new OrdersClient(endpoint.host(), endpoint.port())));
  }

  @Override
  public Optional<String> hint(DiagnosisCode code, ServiceDefinition service) {
    return code == DiagnosisCode.AUTHENTICATION_REJECTED
        ? Optional.of("ask the orders team for a token and put it in " + service.urlSetting())
        : Optional.empty();
  }

  /** The in-house client a test asks for with {@code @Service("orders") OrdersClient}. */
  public record OrdersClient(String host, int port) {}
}
// snippet:end provider
