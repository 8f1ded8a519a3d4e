package io.infraaware.toxiproxy.internal;

/** {@code noop}: passes data unchanged (Toxiproxy uses it to test the toxic chain). */
record NoopToxic() implements ToxicBehaviour {

  @Override
  public void onData(Chunk chunk, ToxicStub stub) {
    // passes the chunk as it is
  }
}
