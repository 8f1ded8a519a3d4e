package io.infraaware.chaos;

import java.util.Map;
import java.util.Random;

/**
 * What a running scenario hands its checks and injections: the timeline to record into, the seeded
 * randomness that makes a run replayable, and a place for injections to keep what they learnt
 * before the fault (a traffic baseline) for this run.
 *
 * @param name the scenario's name
 * @param timeline the timeline
 * @param seed the seed; the same seed replays the same schedule
 * @param random randomness derived from the seed
 * @param attributes this run's state, keyed by whoever keeps it (an injection keys by itself)
 * @since 0.1.0
 */
public record ScenarioContext(
    String name, Timeline timeline, long seed, Random random, Map<Object, Object> attributes) {}
