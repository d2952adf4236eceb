package io.jocker.engine.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.engine.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkStoreTest {

    private static final NetworkRecord NETWORK = new NetworkRecord("ab".repeat(32), "app", "bridge", Instant.parse("2026-12-08T00:00:00Z"),
            "10.5.0.0/24", "10.5.0.1", null, false, Map.of(), Map.of());
    private static final EndpointRecord ENDPOINT = new EndpointRecord(NETWORK.id(), "cd".repeat(32), "web", "eth0", "10.5.0.2",
            "02:42:0a:05:00:02", List.of(), List.of(), 42, 7);

    @TempDir
    Path dir;

    private final ObjectMapper json = Json.newMapper();

    private NetworkStore store() {
        return new NetworkStore(dir, json);
    }

    private void save(NetworkState state) {
        store().locked(locked -> {
            locked.save(state);
            return null;
        });
    }

    @Test
    void anEndpointChangeLeavesTheFsyncedNetworksFileAlone() throws Exception {
        save(new NetworkState(List.of(NETWORK), List.of()));
        String networks = Files.readString(dir.resolve("state.json"));
        long modified = Files.getLastModifiedTime(dir.resolve("state.json")).toMillis();
        Files.setLastModifiedTime(dir.resolve("state.json"), java.nio.file.attribute.FileTime.fromMillis(modified - 60_000));

        save(new NetworkState(List.of(NETWORK), List.of(ENDPOINT)));

        assertEquals(new NetworkState(List.of(NETWORK), List.of(ENDPOINT)), store().read());
        assertEquals(networks, Files.readString(dir.resolve("state.json")));
        assertEquals(modified - 60_000, Files.getLastModifiedTime(dir.resolve("state.json")).toMillis(), "state.json was not rewritten");
        assertTrue(Files.readString(dir.resolve("endpoints.json")).contains(ENDPOINT.containerId()));
    }

    @Test
    void anOlderRootsEndpointsAreReadFromStateJsonAndMovedOutByTheFirstChange() throws Exception {
        Files.write(dir.resolve("state.json"), json.writeValueAsBytes(new NetworkState(List.of(NETWORK), List.of(ENDPOINT))));
        assertEquals(List.of(ENDPOINT), store().read().endpoints());

        NetworkRecord other = new NetworkRecord("ef".repeat(32), "other", "bridge", NETWORK.created(), "10.6.0.0/24", "10.6.0.1", null,
                false, Map.of(), Map.of());
        save(new NetworkState(List.of(NETWORK, other), List.of(ENDPOINT)));

        assertEquals(new NetworkState(List.of(NETWORK, other), List.of(ENDPOINT)), store().read());
        assertFalse(Files.readString(dir.resolve("state.json")).contains(ENDPOINT.containerId()), "no endpoint twice");
    }

    @Test
    void anEndpointsFileACrashOfTheMachineLeftUnreadableIsTakenForEmpty() throws Exception {
        save(new NetworkState(List.of(NETWORK), List.of(ENDPOINT)));
        Files.write(dir.resolve("endpoints.json"), new byte[0]);

        assertEquals(new NetworkState(List.of(NETWORK), List.of()), store().read());
    }
}
