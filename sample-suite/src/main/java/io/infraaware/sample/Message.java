package io.infraaware.sample;

import java.time.Instant;

/**
 * A chat message as stored.
 *
 * @param id the id, increasing with every stored message
 * @param room the room
 * @param author who wrote it
 * @param text what was written
 * @param createdAt when it was accepted
 * @since 0.1.0
 */
public record Message(long id, String room, String author, String text, Instant createdAt) {}
