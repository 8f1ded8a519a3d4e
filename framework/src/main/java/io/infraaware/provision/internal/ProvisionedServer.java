package io.infraaware.provision.internal;

import io.infraaware.service.ServiceEndpoint;

/** A server InfraAware started for a run; closing it stops it and removes its data. */
interface ProvisionedServer extends AutoCloseable {

  /** Where the server listens, with the service's name and the credentials to use. */
  ServiceEndpoint endpoint();

  /** What it is, for notes: {@code embedded PostgreSQL}. */
  String description();

  /** Stops the server and removes its data directory; idempotent, never throws. */
  @Override
  void close();
}
