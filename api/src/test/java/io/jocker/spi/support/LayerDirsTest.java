package io.jocker.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayerDirsTest {

    private static final String A = "sha256:aaaa";
    private static final String B = "sha256:bbbb";

    @TempDir
    Path home;

    /** aufs's shape (the files are the layer's directory, markers elsewhere) or overlay's (files and marker inside it). */
    private LayerDirs layers(boolean filesInside) {
        return new LayerDirs("test", new LayerDirs.Layout() {
            @Override
            public Path layerDir(String id) {
                return home.resolve("layers").resolve(DriverIds.key(id));
            }

            @Override
            public Path layerFiles(String id) {
                return filesInside ? layerDir(id).resolve("diff") : layerDir(id);
            }

            @Override
            public Path committedMarker(String id) {
                return filesInside ? layerDir(id).resolve("committed") : home.resolve("committed").resolve(DriverIds.key(id));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aLayerIsWritableUntilCommittedAndGoneWithItsMarker(boolean filesInside) throws IOException {
        LayerDirs layers = layers(filesInside);
        Path files = layers.create(A);
        assertTrue(Files.isDirectory(files));
        assertFalse(layers.isCommitted(A));
        Files.writeString(files.resolve("kept"), "x");
        assertTrue(Files.isDirectory(layers.opaqueDir(files, "etc/opaque")));
        Path whiteout = layers.whiteoutTarget(files, "usr/gone");
        assertEquals(files.resolve("usr/gone"), whiteout);
        assertThrows(FileAlreadyExistsException.class, () -> layers.whiteoutTarget(files, "kept"));

        layers.commit(A, () -> assertFalse(layers.isCommitted(A), "the driver's step runs before the marker"));

        assertTrue(layers.isCommitted(A));
        IOException immutable = assertThrows(IOException.class, () -> layers.whiteoutTarget(files, "other"));
        assertTrue(immutable.getMessage().contains("committed layer"), immutable.getMessage());
        assertThrows(IOException.class, () -> layers.opaqueDir(files, "other"));
        assertThrows(IOException.class, () -> layers.rename(A, B));
        assertThrows(IOException.class, () -> layers.commit(A, () -> {}), "committed twice");

        layers.remove(A);
        assertFalse(layers.isCommitted(A));
        assertFalse(Files.exists(files));
        layers.remove(A);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void onlyTheFilesDirectoryOfALayerOfThisDriverTakesWhiteouts(boolean filesInside) throws IOException {
        LayerDirs layers = layers(filesInside);
        Path files = layers.create(A);
        Path elsewhere = Files.createDirectories(home.resolve("elsewhere").resolve(DriverIds.key(A)));

        for (Path wrong : List.of(elsewhere, files.resolve("sub"), home, files.getParent().getParent())) {
            IOException e = assertThrows(IOException.class, () -> layers.whiteoutTarget(wrong, "x"), wrong.toString());
            assertTrue(e.getMessage().contains("is not a layer directory of the test driver"), e.getMessage());
        }
        assertEquals(files.resolve("x"), layers.whiteoutTarget(files.resolve("sub/.."), "x"), "compared normalized");
    }

    @Test
    void anUncommittedLayerRenamesWithoutReplacingAnother() throws IOException {
        LayerDirs layers = layers(true);
        layers.create(A);
        layers.create(B);

        assertThrows(FileAlreadyExistsException.class, () -> layers.rename(A, B));
        layers.remove(B);
        layers.rename(A, B);

        assertTrue(Files.isDirectory(home.resolve("layers/sha256_bbbb/diff")));
        assertThrows(NoSuchFileException.class, () -> layers.commit(A, () -> {}));
    }

    @Test
    void lowersComeTopmostFirstAndMustBeCommitted() throws IOException {
        LayerDirs layers = layers(false);
        layers.create(A);
        layers.commit(A, () -> {});
        layers.create(B);

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> layers.topmostFirst(List.of(A, B)));
        assertTrue(e.getMessage().contains("no such layer in the test driver"), e.getMessage());
        layers.commit(B, () -> {});
        assertEquals(List.of(B, A), layers.topmostFirst(List.of(A, B)));
    }

    @Test
    void aKeyNamesTheIdItWasMadeFrom() {
        for (String id : List.of(A, "3f4a", "sha512:ab.c-d")) {
            assertEquals(Optional.of(id), DriverIds.idOf(DriverIds.key(id)));
        }
        assertEquals(Optional.empty(), DriverIds.idOf(".."));
        assertEquals(Optional.empty(), DriverIds.idOf("a_b_c"));
    }
}
