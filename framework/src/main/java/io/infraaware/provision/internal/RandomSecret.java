package io.infraaware.provision.internal;

import java.security.SecureRandom;

/** Random passwords for provisioned servers: 32 letters and digits, nothing to encode. */
final class RandomSecret {

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RandomSecret() {}

  static String next() {
    StringBuilder secret = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      secret.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return secret.toString();
  }
}
