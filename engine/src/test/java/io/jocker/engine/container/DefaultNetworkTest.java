package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultNetworkTest {

    @Test
    void containersJoinTheBridgeUnlessTheEnvironmentSaysOtherwise() {
        assertEquals("bridge", ContainerNetworking.defaultNetwork(Map.of()));
        assertEquals("bridge", ContainerNetworking.defaultNetwork(Map.of(ContainerNetworking.DEFAULT_NETWORK_ENV, " ")));
        assertEquals("none", ContainerNetworking.defaultNetwork(Map.of(ContainerNetworking.DEFAULT_NETWORK_ENV, "none")));
    }
}
