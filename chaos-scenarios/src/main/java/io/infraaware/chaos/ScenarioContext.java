package io.infraaware.chaos;

import java.util.Random;

/**
 * What a running scenario hands its checks and injections: the timeline to record into and the
 * seeded randomness that makes a run replayable.
 *
 * @param name the scenario's name
 * @param timeline the timeline
 * @param seed the seed; the same seed replays the same schedule
 * @param random randomness derived from the seed
 * @since 0.1.0
 */
public record ScenarioContext(String name, Timeline timeline, long seed, Random random) {}
