package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.HostConfig;
import io.jocker.spi.RestartPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPoliciesTest {

    @Test
    void parsesDockersValues() {
        assertEquals(RestartPolicy.NO, RestartPolicies.parse("no"));
        assertEquals(new RestartPolicy("always", 0), RestartPolicies.parse("always"));
        assertEquals(new RestartPolicy("unless-stopped", 0), RestartPolicies.parse("unless-stopped"));
        assertEquals(new RestartPolicy("on-failure", 0), RestartPolicies.parse("on-failure"));
        assertEquals(new RestartPolicy("on-failure", 3), RestartPolicies.parse("on-failure:3"));
    }

    @Test
    void refusesBadValues() {
        for (String bad : new String[] {"", "sometimes", "always:2", "on-failure:x", "on-failure:-1", "on-failure:"}) {
            assertThrows(InvalidRequestException.class, () -> RestartPolicies.parse(bad), bad);
        }
    }

    @Test
    void decidesAsDockerDoes() {
        assertTrue(RestartPolicies.shouldRestart(exited("always", 0, 0, 5), false));
        assertFalse(RestartPolicies.shouldRestart(exited("always", 0, 0, 5), true), "never after a stop by the user");
        assertTrue(RestartPolicies.shouldRestart(exited("unless-stopped", 0, 1, 0), false));
        assertFalse(RestartPolicies.shouldRestart(exited("no", 0, 1, 0), false));
        assertTrue(RestartPolicies.shouldRestart(exited("on-failure", 2, 1, 1), false));
        assertFalse(RestartPolicies.shouldRestart(exited("on-failure", 2, 1, 2), false), "retries used up");
        assertFalse(RestartPolicies.shouldRestart(exited("on-failure", 0, 0, 0), false), "success is no failure");
        assertTrue(RestartPolicies.shouldRestart(exited("on-failure", 0, null, 9), false), "an unknown exit counts as failure");
    }

    @Test
    void theDelayDoublesUpToAMinute() {
        assertEquals(Duration.ofMillis(100), RestartPolicies.delay(1));
        assertEquals(Duration.ofMillis(200), RestartPolicies.delay(2));
        assertEquals(Duration.ofMillis(400), RestartPolicies.delay(3));
        assertEquals(Duration.ofSeconds(60), RestartPolicies.delay(30));
        assertEquals(Duration.ofSeconds(60), RestartPolicies.delay(Integer.MAX_VALUE));
    }

    private static ContainerRecord exited(String policy, int max, Integer code, int restarts) {
        ContainerConfig config = ContainerConfig.builder().hostname("h").cmd(List.of("sh")).build();
        HostConfig host = HostConfig.builder().restartPolicy(new RestartPolicy(policy, max)).build();
        ContainerState state = ContainerState.created().exited(code, false, Instant.EPOCH, "");
        return ContainerRecord.builder().id("ab".repeat(32)).name("n").created(Instant.EPOCH).image("busybox")
                .imageId("sha256:x").config(config).hostConfig(host).state(state).storageDriver("overlay")
                .cgroupDriver("cgroupfs").restartCount(restarts).build();
    }
}
