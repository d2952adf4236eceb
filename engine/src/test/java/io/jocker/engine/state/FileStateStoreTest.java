package io.jocker.engine.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.engine.json.Json;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.DeviceMapping;
import io.jocker.spi.HostConfig;
import io.jocker.spi.Mount;
import io.jocker.spi.Resources;
import io.jocker.spi.StateStore;
import io.jocker.spi.Ulimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest {

    static final String ID = "a".repeat(64);

    @TempDir
    Path root;

    static ContainerRecord record(String id) {
        ContainerConfig config = ContainerConfig.builder().hostname("host1").env(List.of("PATH=/bin", "A=b c"))
                .cmd(List.of("sh", "-c", "echo 'hi there'")).workingDir("/").openStdin(true).stdinOnce(true)
                .labels(Map.of("k", "v")).build();
        HostConfig hostConfig = HostConfig.builder()
                .resources(Resources.builder().memory(33554432L).memorySwap(-1L).cpuShares(512L).cpusetCpus("0").pidsLimit(10L)
                        .build())
                .mounts(List.of(new Mount("bind", "/src", "/dst", List.of("ro", "rbind"))))
                .build();
        return ContainerRecord.builder().id(id).name("happy_turing").created(Instant.parse("2026-11-28T09:00:00.123456789Z"))
                .image("busybox").imageId("sha256:" + "b".repeat(64)).config(config).hostConfig(hostConfig)
                .state(ContainerState.created()).storageDriver("overlay").cgroupDriver("v1").build();
    }

    private FileStateStore store() {
        return new FileStateStore(root, Json.newMapper());
    }

    @Test
    void savedRecordsReadBackEqual() throws IOException {
        ContainerRecord record = record(ID).withState(ContainerState.created().running(42, 1234, Instant.now()));

        store().save(record);

        assertEquals(record, store().load(ID).orElseThrow());
        assertEquals(List.of(record), store().list());
    }

    @Test
    void securityFlagsReadBackEqual() throws IOException {
        ContainerRecord plain = record(ID);
        ContainerRecord record = plain.withHostConfig(plain.hostConfig().toBuilder().capAdd(List.of("CAP_NET_ADMIN"))
                .capDrop(List.of("ALL")).ulimits(List.of(new Ulimit("nofile", 10, 20))).oomScoreAdj(-5)
                .groupAdd(List.of("audio")).sysctls(Map.of("net.ipv4.ip_forward", "0"))
                .devices(List.of(new DeviceMapping("/dev/a", "/dev/b", "rw"))).deviceCgroupRules(List.of("c 1:3 r"))
                .pidMode("host").ipcMode("shareable").utsMode("host").cgroupnsMode("host").build());
        store().save(record);
        assertEquals(record, store().load(ID).orElseThrow());
    }

    @Test
    void aRecordWrittenBeforeTheSecurityFlagsLoadsWithDockersDefaults() throws IOException {
        ObjectMapper json = Json.newMapper();
        ObjectNode tree = json.valueToTree(record(ID));
        ObjectNode host = (ObjectNode) tree.get("hostConfig");
        host.remove(List.of("capAdd", "capDrop", "ulimits", "oomScoreAdj", "groupAdd", "sysctls", "devices", "deviceCgroupRules",
                "pidMode", "ipcMode", "utsMode", "cgroupnsMode"));
        ((ObjectNode) host.get("resources")).remove("deviceRules");
        Files.createDirectories(store().directory(ID));
        json.writeValue(store().directory(ID).resolve("config.json").toFile(), tree);
        ContainerRecord loaded = store().load(ID).orElseThrow();
        assertEquals(record(ID), loaded);
        assertEquals("private", loaded.hostConfig().ipcMode());
        assertEquals("", loaded.hostConfig().pidMode());
    }

    @Test
    void saveLeavesNoTemporaryFile() throws IOException {
        store().save(record(ID));
        store().save(record(ID).withName("other"));

        try (Stream<Path> files = Files.list(store().directory(ID))) {
            assertEquals(List.of("config.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void absentRecordsAreEmptyAndDeleteIsIdempotent() throws IOException {
        assertTrue(store().load(ID).isEmpty());
        store().save(record(ID));
        store().delete(ID);
        store().delete(ID);
        assertTrue(store().load(ID).isEmpty());
        assertFalse(Files.exists(store().directory(ID)));
    }

    @Test
    void listSkipsUnreadableRecords() throws IOException {
        store().save(record(ID));
        Path broken = Files.createDirectories(root.resolve("containers").resolve("c".repeat(64)));
        Files.writeString(broken.resolve("config.json"), "{not json");

        assertEquals(List.of(ID), store().list().stream().map(ContainerRecord::id).toList());
    }

    @Test
    void idsThatAreNotHexAreRefusedBeforeTouchingTheDisk() {
        assertThrows(IllegalArgumentException.class, () -> store().load("../../etc"));
        assertThrows(IllegalArgumentException.class, () -> store().lock("../x"));
    }

    @Test
    void threadsOfOneProcessAreSerialisedByTheLock() throws Exception {
        FileStateStore store = store();
        store.save(record(ID));
        int threads = 4;
        int each = 25;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger failures = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        try (StateStore.Lock lock = store.lock(ID)) {
                            ContainerRecord r = store.load(ID).orElseThrow();
                            store.save(r.withRestartCount(r.restartCount() + 1));
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(0, failures.get());
        assertEquals(threads * each, store.load(ID).orElseThrow().restartCount());
    }

    @Test
    void twoProcessesWritingOneContainerLoseNoWrite() throws Exception {
        store().save(record(ID));
        int each = 40;
        List<Process> writers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            writers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    StateStoreWriter.class.getName(), root.toString(), ID, String.valueOf(each))
                    .inheritIO().start());
        }
        for (Process writer : writers) {
            assertTrue(writer.waitFor(60, TimeUnit.SECONDS), "writer finished");
            assertEquals(0, writer.exitValue());
        }

        ContainerRecord result = store().load(ID).orElseThrow();
        assertEquals(2 * each, result.restartCount(), "every increment of both processes survived");
        assertEquals(record(ID).withRestartCount(2 * each), result, "the record is whole");
    }
}
