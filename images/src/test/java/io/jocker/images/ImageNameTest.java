package io.jocker.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The cases of distribution/reference's reference_test.go and normalize_test.go, and the Docker 28 CLI's messages. */
class ImageNameTest {

    private static final String F64 = "f".repeat(64);

    static Stream<Arguments> validReferences() {
        return Stream.of(
                // input, domain, repository (name), tag, digest
                Arguments.of("test_com", "", "test_com", null, null),
                Arguments.of("test.com:tag", "", "test.com", "tag", null),
                Arguments.of("test.com:5000", "", "test.com", "5000", null),
                Arguments.of("test.com/repo:tag", "test.com", "test.com/repo", "tag", null),
                Arguments.of("test:5000/repo", "test:5000", "test:5000/repo", null, null),
                Arguments.of("test:5000/repo:tag", "test:5000", "test:5000/repo", "tag", null),
                Arguments.of("test:5000/repo@sha256:" + F64, "test:5000", "test:5000/repo", null, "sha256:" + F64),
                Arguments.of("test:5000/repo:tag@sha256:" + F64, "test:5000", "test:5000/repo", "tag", "sha256:" + F64),
                Arguments.of("lowercase:Uppercase", "", "lowercase", "Uppercase", null),
                Arguments.of("a/".repeat(127) + "a:tag-puts-this-over-max", "a", "a/".repeat(127) + "a", "tag-puts-this-over-max", null),
                Arguments.of("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "sub-dom1.foo.com/bar/baz/quux", null, null),
                Arguments.of("sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "sub-dom1.foo.com/bar/baz/quux",
                        "some-long-tag", null),
                Arguments.of("b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "b.gcr.io/test.example.com/my-app",
                        "test.example.com", null),
                Arguments.of("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "xn--n3h.com/myimage", "xn--n3h.com", null),
                Arguments.of("xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + "f".repeat(128), "xn--7o8h.com", "xn--7o8h.com/myimage",
                        "xn--7o8h.com", "sha512:" + "f".repeat(128)),
                Arguments.of("foo_bar.com:8080", "", "foo_bar.com", "8080", null),
                Arguments.of("foo/foo_bar.com:8080", "foo", "foo/foo_bar.com", "8080", null),
                Arguments.of("192.168.1.1", "", "192.168.1.1", null, null),
                Arguments.of("192.168.1.1:tag", "", "192.168.1.1", "tag", null),
                Arguments.of("192.168.1.1:5000", "", "192.168.1.1", "5000", null),
                Arguments.of("192.168.1.1/repo", "192.168.1.1", "192.168.1.1/repo", null, null),
                Arguments.of("192.168.1.1:5000/repo", "192.168.1.1:5000", "192.168.1.1:5000/repo", null, null),
                Arguments.of("192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "192.168.1.1:5000/repo", "5050", null),
                Arguments.of("[2001:db8::1]/repo", "[2001:db8::1]", "[2001:db8::1]/repo", null, null),
                Arguments.of("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "[2001:db8:1:2:3:4:5:6]/repo", "tag", null),
                Arguments.of("[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "[2001:db8::1]:5000/repo", null, null),
                Arguments.of("[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000", "[2001:db8::1]:5000/repo", "tag", null),
                Arguments.of("[2001:db8::1]:5000/repo@sha256:" + F64, "[2001:db8::1]:5000", "[2001:db8::1]:5000/repo", null,
                        "sha256:" + F64),
                Arguments.of("[2001:db8::]:5000/repo", "[2001:db8::]:5000", "[2001:db8::]:5000/repo", null, null),
                Arguments.of("[::1]:5000/repo", "[::1]:5000", "[::1]:5000/repo", null, null));
    }

    @ParameterizedTest
    @MethodSource("validReferences")
    void parsesAsDistributionDoes(String input, String domain, String name, String tag, String digest) throws Exception {
        ImageName parsed = ImageName.parse(input);
        assertEquals(input, parsed.toString());
        assertEquals(domain, parsed.domain());
        assertEquals(name, parsed.name());
        assertEquals(tag, parsed.tag());
        assertEquals(digest, parsed.digest());
    }

    static Stream<Arguments> invalidReferences() {
        return Stream.of(
                Arguments.of("", "repository name must have at least one component"),
                Arguments.of(":justtag", "invalid reference format"),
                Arguments.of("@sha256:" + F64, "invalid reference format"),
                Arguments.of("repo@sha256:" + "f".repeat(34), "invalid checksum digest length"),
                Arguments.of("validname@invaliddigest:" + F64, "unsupported digest algorithm"),
                Arguments.of("Uppercase:tag", "repository name must be lowercase"),
                Arguments.of("test:5000/Uppercase/lowercase:tag", "repository name must be lowercase"),
                Arguments.of("a/".repeat(128) + "a:tag", "repository name must not be more than 255 characters"),
                Arguments.of("aa/asdf$$^/aa", "invalid reference format"),
                Arguments.of("[2001:db8::1]", "invalid reference format"),
                Arguments.of("[2001:db8::1]:5000", "invalid reference format"),
                Arguments.of("[2001:db8::1]:tag", "invalid reference format"),
                Arguments.of("[fe80::1%eth0]:5000/repo", "invalid reference format"),
                Arguments.of("[fe80::1%@invalidzone]:5000/repo", "invalid reference format"));
    }

    @ParameterizedTest
    @MethodSource("invalidReferences")
    void refusesAsDistributionDoes(String input, String message) {
        assertEquals(message, assertThrows(InvalidReferenceException.class, () -> ImageName.parse(input)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker/docker", "library/debian", "debian", "docker.io/docker/docker", "docker.io/library/debian",
        "docker.io/debian", "index.docker.io/docker/docker", "index.docker.io/library/debian", "index.docker.io/debian",
        "127.0.0.1:5000/docker/docker", "127.0.0.1:5000/library/debian", "127.0.0.1:5000/debian", "192.168.0.1", "192.168.0.1:80",
        "192.168.0.1:8/debian", "192.168.0.2:25000/debian", "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
        "[fc00::1]:5000/docker", "[fc00::1]:5000/docker/docker", "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
        "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "Docker/docker", "DOCKER/docker",
        "docker-rules/docker", "docker---rules/docker", "doc/docker", "d/docker", "jess/t", "dock__er/docker"})
    void acceptsNormalizedNames(String name) throws Exception {
        ImageName.parseNormalized(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://github.com/docker/docker", "docker/Docker", "-docker", "-docker/docker", "-docker.io/docker/docker",
        "docker///docker", "docker.io/docker/Docker", "docker.io/docker///docker", "[fc00::1]", "[fc00::1]:5000", "fc00::1:5000/debian",
        "[fe80::1%eth0]:5000/debian", "[2001:db8:3:4::192.0.2.33]:5000/debian",
        "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "docker-/docker", "-docker-/docker", "____/____",
        "_docker/_docker", "dock..er/docker", "dock_.er/docker", "dock-.er/docker", "docker/",
        "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker"})
    void refusesNormalizedNames(String name) {
        assertThrows(InvalidReferenceException.class, () -> ImageName.parseNormalized(name));
    }

    static Stream<Arguments> repositoryInfo() {
        return Stream.of(
                // any of the spellings, path, familiar name, full name, domain
                Arguments.of("fooo/bar", "fooo/bar", "fooo/bar", "docker.io/fooo/bar", "docker.io"),
                Arguments.of("index.docker.io/fooo/bar", "fooo/bar", "fooo/bar", "docker.io/fooo/bar", "docker.io"),
                Arguments.of("ubuntu", "library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "docker.io"),
                Arguments.of("library/ubuntu", "library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "docker.io"),
                Arguments.of("docker.io/library/ubuntu", "library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "docker.io"),
                Arguments.of("nonlibrary/ubuntu", "nonlibrary/ubuntu", "nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu", "docker.io"),
                Arguments.of("other/library", "other/library", "other/library", "docker.io/other/library", "docker.io"),
                Arguments.of("127.0.0.1:8000/private/moonbase", "private/moonbase", "127.0.0.1:8000/private/moonbase",
                        "127.0.0.1:8000/private/moonbase", "127.0.0.1:8000"),
                Arguments.of("127.0.0.1:8000/privatebase", "privatebase", "127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase",
                        "127.0.0.1:8000"),
                Arguments.of("example.com/private/moonbase", "private/moonbase", "example.com/private/moonbase",
                        "example.com/private/moonbase", "example.com"),
                Arguments.of("example.com:8000/privatebasee", "privatebasee", "example.com:8000/privatebasee",
                        "example.com:8000/privatebasee", "example.com:8000"),
                Arguments.of("docker.io/foo", "library/foo", "foo", "docker.io/library/foo", "docker.io"),
                Arguments.of("ubuntu-12.04-base", "library/ubuntu-12.04-base", "ubuntu-12.04-base",
                        "docker.io/library/ubuntu-12.04-base", "docker.io"),
                Arguments.of("library/foo/bar", "library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", "docker.io"),
                Arguments.of("store/foo/bar", "store/foo/bar", "store/foo/bar", "docker.io/store/foo/bar", "docker.io"),
                Arguments.of("Foo/bar", "bar", "Foo/bar", "Foo/bar", "Foo"),
                Arguments.of("FOO/bar", "bar", "FOO/bar", "FOO/bar", "FOO"),
                Arguments.of("localhost/x", "x", "localhost/x", "localhost/x", "localhost"),
                Arguments.of("localhost:5000/a/b", "a/b", "localhost:5000/a/b", "localhost:5000/a/b", "localhost:5000"));
    }

    @ParameterizedTest
    @MethodSource("repositoryInfo")
    void normalisesAsDockerDoes(String input, String path, String familiar, String full, String domain) throws Exception {
        ImageName name = ImageName.parseNormalized(input);
        assertEquals(path, name.path());
        assertEquals(familiar, name.familiarName());
        assertEquals(full, name.name());
        assertEquals(domain, name.domain());
    }

    @Test
    void keepsTagAndDigestTogether() throws Exception {
        String shortRef = "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
        ImageName name = ImageName.parseNormalized(shortRef);
        assertEquals("docker.io/library/" + shortRef, name.toString());
        assertEquals(shortRef, name.familiarString());
        assertEquals("latest", name.tag());
    }

    @Test
    void defaultTagOnlyWithoutTagOrDigest() throws Exception {
        assertEquals("docker.io/library/redis:latest", ImageName.parseNormalized("redis").withDefaultTag().toString());
        assertEquals("docker.io/library/redis@sha256:" + F64,
                ImageName.parseNormalized("redis@sha256:" + F64).withDefaultTag().toString());
        assertEquals(new Reference("localhost:5000/a", "v1"), ImageName.parseNormalized("localhost:5000/a:v1").tagged());
    }

    /** The lines the Docker 28 CLI prints for these names (`docker pull`, no daemon needed). */
    @Test
    void messagesAreTheDockerClients() {
        assertEquals("invalid reference format: repository name (library/Busybox) must be lowercase",
                assertThrows(InvalidReferenceException.class, () -> ImageName.parseNormalized("Busybox")).getMessage());
        assertEquals("invalid reference format: repository name (Uppercase/lowercase) must be lowercase",
                assertThrows(InvalidReferenceException.class,
                        () -> ImageName.parseNormalized("test:5000/Uppercase/lowercase:tag")).getMessage());
        assertEquals("invalid reference format",
                assertThrows(InvalidReferenceException.class, () -> ImageName.parseNormalized("a:b:c")).getMessage());
        assertEquals("invalid reference format",
                assertThrows(InvalidReferenceException.class, () -> ImageName.parseNormalized("")).getMessage());
        assertEquals("invalid reference format",
                assertThrows(InvalidReferenceException.class, () -> ImageName.parseNormalized("repo@sha256:ffff")).getMessage());
        String hex = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";
        assertEquals("invalid repository name (" + hex + "), cannot specify 64-byte hexadecimal strings",
                assertThrows(InvalidReferenceException.class, () -> ImageName.parseNormalized(hex)).getMessage());
    }
}
