package io.infraaware.toxiproxy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The server's HTTP API as the tests call it: HTTP/1.1, every call bounded. */
final class ApiCalls {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ApiCalls() {}

  /**
   * One call to the API.
   *
   * @param body the request body, or null for none
   */
  static HttpResponse<String> call(ToxiproxyServer server, String method, String path, String body)
      throws IOException, InterruptedException {
    return call(server.uri(), method, path, body);
  }

  /**
   * One call to the API of a server elsewhere (another process).
   *
   * @param body the request body, or null for none
   */
  static HttpResponse<String> call(URI api, String method, String path, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(api + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
