package io.infraaware.chaos.breaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * How the views over HTTP read a breaker's document: one client, a 2 s bound on every request,
 * failures that name the breaker and the address.
 */
final class BreakerDocuments {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private BreakerDocuments() {}

  /**
   * Reads a document's text.
   *
   * @param breaker the breaker's name, for messages
   * @param uri where
   * @param requireOk whether an answer other than 200 is a failure
   */
  static String text(String breaker, URI uri, boolean requireOk) {
    try {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(2))
                  .header("Accept", "application/json, text/plain")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (requireOk && response.statusCode() != 200) {
        throw new IllegalStateException(
            "Breaker [" + breaker + "]: " + uri + " answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Reading breaker [" + breaker + "] from " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted reading breaker [" + breaker + "] from " + uri, e);
    }
  }

  /** Reads a JSON document; see {@link #text}. */
  static JsonNode json(String breaker, URI uri, boolean requireOk) {
    String body = text(breaker, uri, requireOk);
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Reading breaker [" + breaker + "] from " + uri + " failed: " + e.getMessage(), e);
    }
  }
}
