package io.jocker.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.spi.KernelOps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tars that try to write outside their layer. Each is either refused with a message naming the
 * entry, leaving no layer, metadata or spool behind, or contained inside the layer. After every
 * test the directory beside the layer store and the host's /etc/passwd are unchanged.
 */
class HostileTarTest {

    private static final Path PASSWD = Path.of("/etc/passwd");

    @TempDir
    Path temp;

    private Path outside;
    private DirectoryStorageDriver driver;
    ImageStore store;
    private byte[] passwd;

    @BeforeEach
    void createStore() throws IOException {
        outside = Files.createDirectory(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        driver = new DirectoryStorageDriver(temp.resolve("driver"));
        store = new ImageStore(temp.resolve("images"), driver, mock(KernelOps.class), new ObjectMapper(),
                new TickingClock(Instant.EPOCH));
        passwd = Files.readAllBytes(PASSWD);
    }

    @AfterEach
    void nothingOutsideChanged() throws IOException {
        assertEquals(List.of("secret"), names(outside));
        assertEquals("secret", Files.readString(outside.resolve("secret")));
        assertArrayEquals(passwd, Files.readAllBytes(PASSWD), "/etc/passwd changed");
        assertEquals(List.of("driver", "images", "outside"), names(temp));
        assertFalse(Files.exists(Path.of("/escape")));
    }

    @Test
    void dotDotComponentsAreRefused() {
        assertRefused(new Tars().file("../escape", "x").bytes(), "../escape");
        assertRefused(new Tars().dir("a/", 0755).file("a/../../escape", "x").bytes(), "a/../../escape");
        assertRefused(new Tars().file("ok", "x").file("../.wh.escape", "").bytes(), "../.wh.escape");
    }

    @Test
    void absolutePathsAreContainedInTheLayer() throws Exception {
        String id = importTar(new Tars().file("/escape", "x").dir("/abs/", 0755).file("/abs/f", "y").bytes());

        Path layer = driver.layerPath(store.resolve(id).layerIds().get(0));
        assertEquals("x", Files.readString(layer.resolve("escape")));
        assertEquals("y", Files.readString(layer.resolve("abs/f")));
    }

    @Test
    void aFileWrittenThroughASymlinkIsRefused() {
        assertRefused(new Tars().symlink("a", "/etc").file("a/passwd", "root::0:0::/:/bin/sh\n").bytes(), "a/passwd");
        assertRefused(new Tars().symlink("b", "../../../" + outside.getFileName()).file("b/x", "x").bytes(), "b/x");
        assertRefused(new Tars().symlink("c", outside.toString()).dir("c/sub/", 0755).bytes(), "c/sub/");
        assertRefused(new Tars().dir("d/", 0755).symlink("d/e", outside.toString()).file("d/e/f/g", "x").bytes(),
                "d/e/f/g");
    }

    @Test
    void whiteoutsThroughASymlinkAreRefused() {
        assertRefused(new Tars().symlink("a", outside.toString()).file("a/.wh.secret", "").bytes(), "a/.wh.secret");
        assertRefused(new Tars().symlink("a", outside.toString()).file("a/.wh..wh..opq", "").bytes(), "a/.wh..wh..opq");
    }

    @Test
    void hardLinksOutsideTheLayerAreRefused() {
        assertRefused(new Tars().hardlink("h", "/etc/passwd").bytes(), "h");
        assertRefused(new Tars().hardlink("h", "../outside/secret").bytes(), "h");
        assertRefused(new Tars().symlink("s", outside.toString()).hardlink("h", "s/secret").bytes(), "h");
        assertRefused(new Tars().dir("d/", 0755).hardlink("h", "d").bytes(), "h");
    }

    @Test
    void symlinksPointingOutsideAreKeptAsLinksAndReplacedWithoutBeingFollowed() throws Exception {
        String id = importTar(new Tars()
                .symlink("s", outside.resolve("secret").toString()).file("s", "replaced")
                .symlink("t", outside.toString()).dir("t/", 0755).file("t/inside", "in")
                .symlink("u", "/etc/passwd").bytes());

        Path layer = driver.layerPath(store.resolve(id).layerIds().get(0));
        assertEquals("replaced", Files.readString(layer.resolve("s")));
        assertFalse(Files.isSymbolicLink(layer.resolve("s")));
        assertTrue(Files.isDirectory(layer.resolve("t"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("in", Files.readString(layer.resolve("t/inside")));
        assertEquals(Path.of("/etc/passwd"), Files.readSymbolicLink(layer.resolve("u")));
    }

    @Test
    void aHardLinkToASymlinkPointingOutsideStaysALinkAndChangesNothingOutside() throws Exception {
        Object before = Files.getAttribute(outside.resolve("secret"), "unix:mode");
        String id = importTar(new Tars().symlink("s", outside.resolve("secret").toString()).hardlink("h", "s").bytes());

        Path layer = driver.layerPath(store.resolve(id).layerIds().get(0));
        assertTrue(Files.isSymbolicLink(layer.resolve("h")));
        assertEquals(before, Files.getAttribute(outside.resolve("secret"), "unix:mode"));
    }

    @Test
    void aTruncatedArchiveLeavesNothingBehind() {
        byte[] tar = new Tars().file("big", "x".repeat(10_000)).bytes();
        byte[] truncated = Arrays.copyOf(tar, 5000);
        assertThrows(Exception.class, () -> importTar(truncated));
        assertNothingLeft();
    }

    @Test
    void whatIsNotATarIsRefused() throws Exception {
        byte[] text = "a line of text that is no tar header\n".repeat(40).getBytes(StandardCharsets.UTF_8);
        String notATar = "not a tar archive (plain, or compressed with gzip, bzip2, xz or zstd): ";
        String cutShort = notATar + "unexpected EOF: the input ends inside a 512-byte tar header block";
        assertNotATar(text, notATar + "invalid tar header");
        assertNotATar(gzip(text), notATar + "invalid tar header");
        assertNotATar(new byte[] {'x'}, cutShort);
        assertNotATar("short text\n".getBytes(StandardCharsets.UTF_8), cutShort);
        byte[] tar = new Tars().file("f", "x").bytes();
        assertNotATar(Arrays.copyOf(tar, 1024 + 100),
                "archive/tar: unexpected EOF: the input ends inside a 512-byte tar header block");
    }

    @Test
    void anEmptyInputIsAnEmptyLayerAsInDocker() throws Exception {
        String id = importTar(new byte[0]);

        assertEquals(List.of("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                store.resolve(id).layerIds(), "the digest of no bytes at all");
        assertEquals(List.of(), names(driver.layerPath(store.resolve(id).layerIds().get(0))));
    }

    private void assertNotATar(byte[] input, String message) {
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> importTar(input));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertNothingLeft();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** Imports {@code tar} from a stream; {@link InPlaceHostileTarTest} imports it from a file. */
    String importTar(byte[] tar) throws Exception {
        return store.importImage(new ByteArrayInputStream(tar), new ImportRequest("-", "hostile", List.of(), null));
    }

    private void assertRefused(byte[] tar, String entry) {
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> importTar(tar));
        assertTrue(e.getMessage().startsWith("invalid tar entry \"" + entry + "\""), e.getMessage());
        assertNothingLeft();
    }

    private void assertNothingLeft() {
        try {
            assertEquals(List.of(), names(temp.resolve("driver/layers")), "layer directories left");
            assertEquals(List.of(), names(temp.resolve("images/tmp")), "spool files left");
            assertFalse(Files.exists(temp.resolve("images/configs")), "configs left");
            assertFalse(Files.exists(temp.resolve("images/layers")), "layer records left");
            assertFalse(Files.exists(temp.resolve("images/repositories.json")), "tags left");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
