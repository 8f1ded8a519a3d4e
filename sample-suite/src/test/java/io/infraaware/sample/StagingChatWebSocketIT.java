package io.infraaware.sample;

import org.junit.jupiter.api.Tag;

/** {@link ChatWebSocketScenarioIT}'s scenario again with staging's settings. */
@Tag("staging")
@E2eStack.InEnvironment(SampleConfig.Environment.STAGING)
class StagingChatWebSocketIT extends ChatWebSocketScenarioIT {}
