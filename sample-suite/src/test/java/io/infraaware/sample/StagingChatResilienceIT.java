package io.infraaware.sample;

import org.junit.jupiter.api.Tag;

/**
 * {@link ChatResilienceScenarioIT}'s scenarios again with staging's settings: 7 attempts within the
 * deadline, breakers that count 8 calls and wait twice as long in OPEN, Redis's timeout times 1.5.
 * Not in the main job ({@code -Pe2e} runs {@code *ScenarioIT}, and both environments would not fit
 * its 3 minutes); CI's {@code ./mvnw -B verify} runs it, and {@code -Dgroups=staging} alone.
 */
@Tag("staging")
@E2eStack.InEnvironment(SampleConfig.Environment.STAGING)
class StagingChatResilienceIT extends ChatResilienceScenarioIT {}
