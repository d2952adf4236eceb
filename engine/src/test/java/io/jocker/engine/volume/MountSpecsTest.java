package io.jocker.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.container.InvalidRequestException;
import io.jocker.spi.Mount;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MountSpecsTest {

    @Test
    void hostPathIsABindWhoseMissingSourceIsCreated() {
        assertEquals(new Mount("bind", "/srv/data", "/data", List.of("rbind", "rprivate", MountSpecs.CREATE_SOURCE)),
                MountSpecs.volumeFlag("/srv/data:/data"));
    }

    @Test
    void modesSetReadOnlyAndPropagation() {
        assertEquals(new Mount("bind", "/srv", "/data", List.of("rbind", "rslave", MountSpecs.CREATE_SOURCE, "ro")),
                MountSpecs.volumeFlag("/srv:/data:ro,rslave,z"));
        assertEquals(new Mount("volume", "cache", "/data", List.of("ro", "nocopy")), MountSpecs.volumeFlag("cache:/data:ro,nocopy"));
        assertEquals(new Mount("volume", "cache", "/data", List.of()), MountSpecs.volumeFlag("cache:/data:rw"));
    }

    @Test
    void nameIsANamedVolumeAndALonePathAnAnonymousOne() {
        assertEquals(new Mount("volume", "my-vol_1.0", "/data", List.of()), MountSpecs.volumeFlag("my-vol_1.0:/data"));
        assertEquals(new Mount("volume", "", "/data", List.of()), MountSpecs.volumeFlag("/data"));
    }

    @Test
    void relativeHostPathIsMadeAbsoluteAsDockersCliDoes() {
        String expected = Path.of("").toAbsolutePath().resolve("sub").toString();
        assertEquals(expected, MountSpecs.volumeFlag("./sub:/data").source());
    }

    @Test
    void destinationIsNormalised() {
        assertEquals("/a/b", MountSpecs.volumeFlag("/x://a//b/").destination());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/x:/", "/x:///", "/x:/proc", "/x:/proc/sys", "/x:/a/../b", "/x:/a/./b", "/x:/..", "/x:rel",
        "/x:/a\0b", "", ":/a", "/x:", "/a:/b:ro:extra", "/data:ro", "/x:/y:bogus", "/x:/y:ro,rw", "/x:/y:nocopy",
        "v:/y:rslave", "bad name:/x", "a/b:/x", "-v:/x"})
    void badVolumeFlagsAreRefused(String spec) {
        assertThrows(InvalidRequestException.class, () -> MountSpecs.volumeFlag(spec));
    }

    @Test
    void errorsUseDockersWording() {
        assertEquals("invalid mount config for type \"bind\": invalid specification: destination can't be '/'",
                assertThrows(InvalidRequestException.class, () -> MountSpecs.volumeFlag("/x:/")).getMessage());
        assertEquals("invalid volume specification: '/a:/b:ro:extra'",
                assertThrows(InvalidRequestException.class, () -> MountSpecs.volumeFlag("/a:/b:ro:extra")).getMessage());
        assertEquals("invalid mode: bogus",
                assertThrows(InvalidRequestException.class, () -> MountSpecs.volumeFlag("/x:/y:bogus")).getMessage());
        assertEquals("invalid mount config for type \"volume\": invalid mount path: 'rel' mount path must be absolute",
                assertThrows(InvalidRequestException.class, () -> MountSpecs.volumeFlag("v:rel")).getMessage());
    }

    @Test
    void mountFlagBind() {
        assertEquals(new Mount("bind", "/srv", "/data", List.of("rbind", "rshared", "ro")),
                MountSpecs.mountFlag("type=bind,src=/srv,dst=/data,readonly,bind-propagation=rshared"));
        assertEquals(new Mount("bind", "/srv", "/data", List.of("rbind", "rprivate")),
                MountSpecs.mountFlag("type=bind,source=/srv,target=/data,ro=false"));
    }

    @Test
    void mountFlagVolumeIsTheDefaultType() {
        assertEquals(new Mount("volume", "v1", "/data", List.of("ro")), MountSpecs.mountFlag("source=v1,target=/data,ro=1"));
        assertEquals(new Mount("volume", "", "/data", List.of("nocopy")), MountSpecs.mountFlag("type=volume,destination=/data,volume-nocopy"));
    }

    @Test
    void mountFlagTmpfsGetsDockersDefaultsAndSizeInBytes() {
        assertEquals(new Mount("tmpfs", "tmpfs", "/run", List.of("rw", "noexec", "nosuid", "nodev", "size=67108864", "mode=1770")),
                MountSpecs.mountFlag("type=tmpfs,target=/run,tmpfs-size=64m,tmpfs-mode=1770"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"type=bind,target=/x", "type=bind,src=rel,target=/x", "type=tmpfs,src=/x,target=/y",
        "type=nfs,target=/x", "src=v", "type=bind,src=/x,target=/", "type=volume,src=v,target=/proc/x",
        "type=volume,target=/x,bind-propagation=shared", "type=bind,src=/x,target=/y,tmpfs-size=1",
        "type=tmpfs,target=/x,tmpfs-size=lots", "type=tmpfs,target=/x,tmpfs-mode=999", "type=bind,src=/x,target=/y,foo=bar",
        "type=bind,src=/x,target", "type=volume,src=../up,target=/x", "type=tmpfs,target=/x,volume-nocopy",
        "type=bind,src=/x,target=/y,readonly=maybe", "type=bind,src=/x,target=/y,bind-propagation=everywhere"})
    void badMountFlagsAreRefused(String spec) {
        assertThrows(InvalidRequestException.class, () -> MountSpecs.mountFlag(spec));
    }

    @Test
    void tmpfsFlagOptionsFollowTheDefaults() {
        assertEquals(new Mount("tmpfs", "tmpfs", "/run", List.of("rw", "noexec", "nosuid", "nodev")), MountSpecs.tmpfsFlag("/run"));
        assertEquals(new Mount("tmpfs", "tmpfs", "/run", List.of("rw", "noexec", "nosuid", "nodev", "size=1m", "exec")),
                MountSpecs.tmpfsFlag("/run:size=1m,exec"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/proc", "run", "/run:", "/run:size=1m,,exec", "/a/../proc"})
    void badTmpfsFlagsAreRefused(String spec) {
        assertThrows(InvalidRequestException.class, () -> MountSpecs.tmpfsFlag(spec));
    }
}
