package io.jocker.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.testing.JockerCli.Result;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pull and {@code run}'s pull against the reference registry (Debian's {@code docker-registry},
 * which {@code .ci/run} installs), started once for the class on 127.0.0.1 over plain HTTP, and
 * filled by {@code skopeo copy} from the archives jocker saves.
 */
class RegistryIT extends ContainerFixture {

    @TempDir
    static Path registryDir;

    private static Process registry;
    private static String address;

    @BeforeAll
    static void startRegistry() throws Exception {
        address = freeAddress();
        registry = startRegistry(registryDir, address, "");
    }

    private static String freeAddress() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return "127.0.0.1:" + free.getLocalPort();
        }
    }

    /** docker-registry on {@code address} with storage in {@code dir} and {@code extra} configuration; returns once it listens. */
    private static Process startRegistry(Path dir, String address, String extra) throws Exception {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: "
                + dir.resolve("data") + "\n  delete:\n    enabled: true\nhttp:\n  addr: " + address + "\n" + extra);
        Process started = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        BufferedReader log = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8));
        for (String line = log.readLine(); ; line = log.readLine()) {
            if (line == null) {
                throw new AssertionError("docker-registry exited before it listened (apt-get install docker-registry)");
            }
            if (line.contains("listening on")) {
                break;
            }
        }
        Thread drain = new Thread(() -> {
            try {
                log.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // The registry was stopped.
            }
        });
        drain.setDaemon(true);
        drain.start();
        return started;
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.destroy();
            assertTrue(registry.waitFor(30, TimeUnit.SECONDS));
        }
    }

    /** Saves {@code image} from the test's root and copies it into the registry as {@code name}; returns skopeo's digest. */
    private String publish(String image, String name, String... skopeoOptions) throws Exception {
        Path archive = tmp.resolve(name.replace('/', '_').replace(':', '_') + ".tar");
        assertOk(jocker.run("save", "-o", archive.toString(), image));
        String[] copy = new String[5 + skopeoOptions.length];
        copy[0] = "skopeo";
        copy[1] = "copy";
        System.arraycopy(skopeoOptions, 0, copy, 2, skopeoOptions.length);
        copy[2 + skopeoOptions.length] = "--dest-tls-verify=false";
        copy[3 + skopeoOptions.length] = "oci-archive:" + archive;
        copy[4 + skopeoOptions.length] = "docker://" + address + "/" + name;
        assertOk(tool(copy));
        Result inspect = tool("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}", "docker://" + address + "/" + name);
        assertOk(inspect);
        return inspect.stdout().trim();
    }

    @Test
    void pullStoresTheImageUnderItsDigestAndRunsIt() throws Exception {
        String id = jocker.run("images", "-q", "--no-trunc", "busybox").stdout().trim();
        String digest = publish("busybox", "lib/busybox:v1");
        assertOk(jocker.run("rmi", "busybox"));

        Result pull = jocker.run("pull", address + "/lib/busybox:v1");
        assertOk(pull);
        assertContains(pull.stdout(), "v1: Pulling from lib/busybox", "Pull complete", "Digest: " + digest,
                "Status: Downloaded newer image for " + address + "/lib/busybox:v1");
        assertTrue(pull.stdout().endsWith(address + "/lib/busybox:v1\n"), pull::toString);
        assertEquals(id, jocker.run("images", "-q", "--no-trunc").stdout().trim(), "the image id is the config's digest, kept");
        assertContains(jocker.run("images", "--digests").stdout(), digest);
        assertEquals("[\"" + address + "/lib/busybox@" + digest + "\"]\n",
                jocker.run("inspect", "-f", "{{json .RepoDigests}}", address + "/lib/busybox:v1").stdout());

        Result again = jocker.run("pull", address + "/lib/busybox:v1");
        assertContains(again.stdout(), "Status: Image is up to date for " + address + "/lib/busybox:v1");
        Result run = jocker.run("run", "--rm", address + "/lib/busybox@" + digest, "echo", "pulled");
        assertEquals("pulled\n", run.stdout(), run::toString);
    }

    @Test
    void runPullsAMissingImageUnlessToldNever() throws Exception {
        publish("busybox", "lib/runme:latest");
        String image = address + "/lib/runme";
        Result never = jocker.run("run", "--rm", "--pull", "never", image, "true");
        assertEquals(125, never.exitCode(), never::toString);
        assertContains(never.stderr(), "Unable to find image '" + image + ":latest' locally");

        Result run = jocker.run("run", "--rm", image, "echo", "ran");
        assertOk(run);
        assertEquals("ran\n", run.stdout());
        assertContains(run.stderr(), "Unable to find image '" + image + ":latest' locally", "Status: Downloaded newer image");
        Result bad = jocker.run("run", "--rm", "--pull", "sometimes", image, "true");
        assertEquals(125, bad.exitCode(), bad::toString);
    }

    @Test
    void aZstdMultiLayerImageAndTwoParallelPullsOfIt() throws Exception {
        assertOk(jocker.run("run", "--name", "maker", "busybox", "sh", "-c", "echo layered > /made"));
        assertOk(jocker.run("commit", "maker", "made:v1"));
        assertOk(jocker.run("rm", "maker"));
        publish("made:v1", "team/made:zstd", "--dest-compress-format", "zstd");
        assertOk(jocker.run("rmi", "made:v1"));
        assertOk(jocker.run("rmi", "busybox"));

        CompletableFuture<Result> first = CompletableFuture.supplyAsync(() -> pull(address + "/team/made:zstd"));
        CompletableFuture<Result> second = CompletableFuture.supplyAsync(() -> pull(address + "/team/made:zstd"));
        assertOk(first.get());
        assertOk(second.get());
        assertEquals(address + "/team/made:zstd\n", first.get().stdout(), "-q prints the reference only");
        assertEquals(1, jocker.run("images", "-q").stdout().lines().count());
        Result cat = jocker.run("run", "--rm", address + "/team/made:zstd", "cat", "/made");
        assertEquals("layered\n", cat.stdout(), cat::toString);
    }

    @Test
    void unknownTagsBadNamesAndADownRegistryFailAsDockerSays() throws Exception {
        Result unknown = jocker.run("pull", address + "/lib/none:nope");
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertContains(unknown.stderr(), "manifest for " + address + "/lib/none:nope not found: manifest unknown");
        Result upper = jocker.run("pull", "Busybox");
        assertEquals(1, upper.exitCode());
        assertContains(upper.stderr(), "invalid reference format: repository name (library/Busybox) must be lowercase");
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        Result down = jocker.run("pull", "127.0.0.1:" + closed + "/x");
        assertEquals(1, down.exitCode());
        assertContains(down.stderr(), "dial tcp 127.0.0.1:" + closed + ": connect: connection refused");
        assertEquals("", jocker.run("images", "-q", "--filter", "dangling=true").stdout());
    }

    @Test
    void pushWritesWhatSkopeoReadsAndPullsBackTheSameImage() throws Exception {
        String id = jocker.run("images", "-q", "--no-trunc", "busybox").stdout().trim();
        String name = address + "/pushed/bb:v1";
        assertOk(jocker.run("tag", "busybox", name));
        Result push = jocker.run("push", name);
        assertOk(push);
        assertContains(push.stdout(), "The push refers to repository [" + address + "/pushed/bb]", ": Pushed", "v1: digest: sha256:");
        String digest = push.stdout().replaceAll("(?s).*v1: digest: (sha256:[0-9a-f]{64}) size: .*", "$1");

        Result inspect = tool("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}", "docker://" + name);
        assertEquals(digest + "\n", inspect.stdout(), inspect::toString);
        assertOk(tool("skopeo", "copy", "--src-tls-verify=false", "docker://" + name, "oci:" + tmp.resolve("copied") + ":bb"));

        Result again = jocker.run("push", name);
        assertContains(again.stdout(), "Layer already exists", "v1: digest: " + digest);

        assertOk(jocker.run("rmi", "busybox", name));
        assertOk(jocker.run("pull", "-q", name));
        assertEquals(id, jocker.run("images", "-q", "--no-trunc").stdout().trim(), "the same config, so the same image id");
        assertEquals("[\"" + address + "/pushed/bb@" + digest + "\"]\n", jocker.run("inspect", "-f", "{{json .RepoDigests}}", name).stdout());
    }

    @Test
    void loginRecordsCredentialsAsDockersConfigAndPullUsesThem() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("private-registry"));
        Result hash = tool("htpasswd", "-Bbn", "alice", "s3cret");
        assertOk(hash);
        Files.writeString(dir.resolve("htpasswd"), hash.stdout());
        String privateAddress = freeAddress();
        Process privateRegistry = startRegistry(dir, privateAddress,
                "auth:\n  htpasswd:\n    realm: basic-realm\n    path: " + dir.resolve("htpasswd") + "\n");
        try {
            Path dockerConfig = tmp.resolve("docker-config");
            jocker.env("DOCKER_CONFIG", dockerConfig.toString());
            Path archive = tmp.resolve("busybox.tar");
            assertOk(jocker.run("save", "-o", archive.toString(), "busybox"));
            assertOk(tool("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "alice:s3cret", "oci-archive:" + archive,
                    "docker://" + privateAddress + "/priv/bb:v1"));
            Path wrong = Files.writeString(tmp.resolve("wrong"), "nope\n");
            Path right = Files.writeString(tmp.resolve("right"), "s3cret\n");

            Result refused = jocker.runWithInput(wrong, "login", "-u", "alice", "--password-stdin", privateAddress);
            assertEquals(1, refused.exitCode(), refused::toString);
            assertContains(refused.stderr(), "401 Unauthorized");
            assertTrue(Files.notExists(dockerConfig.resolve("config.json")), "a refused login records nothing");
            Result anonymous = jocker.run("pull", privateAddress + "/priv/bb:v1");
            assertEquals(1, anonymous.exitCode());
            assertContains(anonymous.stderr(), "pull access denied for " + privateAddress + "/priv/bb");

            Result login = jocker.runWithInput(right, "login", "-u", "alice", "--password-stdin", privateAddress);
            assertEquals("Login Succeeded\n", login.stdout(), login::toString);
            Path config = dockerConfig.resolve("config.json");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
            assertContains(Files.readString(config), "\"" + privateAddress + "\"", "\"auth\" : \"YWxpY2U6czNjcmV0\"");
            assertOk(jocker.run("pull", "-q", privateAddress + "/priv/bb:v1"));

            assertEquals("Removing login credentials for " + privateAddress + "\n", jocker.run("logout", privateAddress).stdout());
            assertEquals("Not logged in to " + privateAddress + "\n", jocker.run("logout", privateAddress).stdout());
        } finally {
            privateRegistry.destroy();
            assertTrue(privateRegistry.waitFor(30, TimeUnit.SECONDS));
        }
    }

    private Result pull(String image) {
        try {
            return jocker.run("pull", "-q", image);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Result tool(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
