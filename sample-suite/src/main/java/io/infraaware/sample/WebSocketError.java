package io.infraaware.sample;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCode;
import java.util.Optional;

/**
 * Every way a chat WebSocket can go wrong, as a client sees it, each with its close code (or none,
 * when the connection stays open and an acknowledgement carries the error) and what the client
 * should do about it. The close reason and the acknowledgement's {@code errorType} name the class.
 *
 * @since 0.1.0
 */
public enum WebSocketError {
  /** No room, a bad room name or a bad {@code after}. */
  BAD_REQUEST(
      CloseReason.CloseCodes.CANNOT_ACCEPT,
      false,
      false,
      "fix the URL (room [A-Za-z0-9_.-]{1,64}, after a message id); retrying as is cannot help"),
  /** The token is missing, forged, signed with another key or lacks a claim. */
  AUTH_INVALID(
      CloseReason.CloseCodes.VIOLATED_POLICY,
      false,
      false,
      "get a new token from the auth service, then reconnect with after=<last id seen>"),
  /** The token expired while the session was open. */
  AUTH_EXPIRED(
      CloseReason.CloseCodes.VIOLATED_POLICY,
      true,
      false,
      "refresh the token and reconnect with after=<last id seen>: nothing is missed"),
  /** The auth service cannot say whether the token is valid (and did not validate it recently). */
  AUTH_UNAVAILABLE(
      CloseReason.CloseCodes.TRY_AGAIN_LATER,
      true,
      true,
      "reconnect with backoff (e.g. 1 s doubling to 30 s, with jitter) and after=<last id seen>"),
  /**
   * A message longer than the limit, in one frame or assembled from continuation frames, or a
   * single frame over 64 KiB.
   */
  MESSAGE_TOO_BIG(
      CloseReason.CloseCodes.TOO_BIG,
      false,
      false,
      "send texts of at most 2000 characters; reconnect with after=<last id seen>"),
  /** A binary message: the chat takes text frames holding JSON. */
  UNSUPPORTED_DATA(
      CloseReason.CloseCodes.CANNOT_ACCEPT,
      false,
      false,
      "send text frames holding {\"text\": \"...\", \"ref\": \"...\"}; reconnect with"
          + " after=<last id seen>"),
  /** The backend is stopping: planned, so not a failure of the WebSocket layer. */
  SERVER_STOPPING(
      CloseReason.CloseCodes.GOING_AWAY,
      true,
      false,
      "reconnect (to another instance) with after=<last id seen>"),
  /** A failure of the backend itself. */
  INTERNAL(
      CloseReason.CloseCodes.UNEXPECTED_CONDITION,
      true,
      true,
      "reconnect with backoff and after=<last id seen>"),
  /** A frame that is not the JSON object the chat expects. */
  MALFORMED_MESSAGE(
      null,
      false,
      false,
      "send {\"text\": \"...\", \"ref\": \"...\"}; resending the same frame cannot help"),
  /** Text empty, too long or holding a NUL character. */
  INVALID_TEXT(null, false, false, "fix the text: 1 to 2000 characters, no NUL"),
  /** The database is down and the outbox is full, or cannot keep the message. */
  NOT_ACCEPTED_NOW(
      null, true, true, "resend the message later (with backoff): it was not accepted"),
  /** The database refused the message for good. */
  REJECTED(null, false, false, "do not resend: the database refused this message for good"),
  /**
   * More messages than {@code WS_MESSAGES_PER_MINUTE} from one session: the message was not taken,
   * and the acknowledgement says when the next one will be ({@code retryAfterMillis}).
   */
  RATE_LIMITED(
      null,
      true,
      false,
      "resend it after retryAfterMillis, and send no faster than the limit: it was not taken");

  private final CloseCode closeCode;
  private final boolean retry;
  private final boolean backendFault;
  private final String recovery;

  WebSocketError(CloseCode closeCode, boolean retry, boolean backendFault, String recovery) {
    this.closeCode = closeCode;
    this.retry = retry;
    this.backendFault = backendFault;
    this.recovery = recovery;
  }

  /**
   * Whether the backend failed the client (rather than the client sending what cannot be taken, or
   * the backend stopping as planned): such an error makes the WebSocket layer's health DEGRADED
   * until a session is served again, and alerts when {@code websocket} is critical.
   *
   * @return true for {@link #AUTH_UNAVAILABLE}, {@link #INTERNAL} and {@link #NOT_ACCEPTED_NOW}
   */
  public boolean backendFault() {
    return backendFault;
  }

  /**
   * The close code the session ends with, or empty when the session stays open and the error comes
   * in an acknowledgement.
   *
   * @return the close code
   */
  public Optional<CloseCode> closeCode() {
    return Optional.ofNullable(closeCode);
  }

  /**
   * Whether the same thing may succeed later (after a reconnect or a wait).
   *
   * @return true when a retry may help
   */
  public boolean retry() {
    return retry;
  }

  /**
   * What a client should do.
   *
   * @return the recovery strategy
   */
  public String recovery() {
    return recovery;
  }

  /** A close reason: the class, then the detail, within WebSocket's 123 bytes. */
  CloseReason closeReason(String detail) {
    String phrase = name() + ": " + detail;
    while (phrase.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
      phrase = phrase.substring(0, phrase.length() - 1);
    }
    return new CloseReason(closeCode, phrase);
  }
}
