package io.jocker.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.Mount;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MountSpecsTest {

    private static final Path CWD = Path.of("/home/user");

    @Test
    void hostPathIsABindWhoseMissingSourceIsCreated() {
        assertEquals(new Mount("bind", "/srv/data", "/data", List.of("rbind", "rprivate", MountSpecs.CREATE_SOURCE)),
                MountSpecs.volumeFlag("/srv/data:/data", CWD));
    }

    @Test
    void modesSetReadOnlyAndPropagation() {
        assertEquals(new Mount("bind", "/srv", "/data", List.of("rbind", "rslave", MountSpecs.CREATE_SOURCE, "ro")),
                MountSpecs.volumeFlag("/srv:/data:ro,rslave,z", CWD));
        assertEquals(new Mount("volume", "cache", "/data", List.of("ro", "nocopy")), MountSpecs.volumeFlag("cache:/data:ro,nocopy", CWD));
        assertEquals(new Mount("volume", "cache", "/data", List.of()), MountSpecs.volumeFlag("cache:/data:rw", CWD));
    }

    @Test
    void nameIsANamedVolumeAndALonePathAnAnonymousOne() {
        assertEquals(new Mount("volume", "my-vol_1.0", "/data", List.of()), MountSpecs.volumeFlag("my-vol_1.0:/data", CWD));
        assertEquals(new Mount("volume", "", "/data", List.of()), MountSpecs.volumeFlag("/data", CWD));
    }

    @Test
    void relativeHostPathIsMadeAbsoluteAsDockersCliDoes() {
        assertEquals("/home/user/sub", MountSpecs.volumeFlag("./sub:/data", CWD).source());
        assertEquals("/home/sub", MountSpecs.volumeFlag("../sub:/data", CWD).source());
    }

    @Test
    void destinationIsNormalised() {
        assertEquals("/a/b", MountSpecs.volumeFlag("/x://a//b/", CWD).destination());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/x:/", "/x:///", "/x:/proc", "/x:/proc/sys", "/x:/a/../b", "/x:/a/./b", "/x:/..", "/x:rel",
        "/x:/a\0b", "", ":/a", "/x:", "/a:/b:ro:extra", "/data:ro", "/x:/y:bogus", "/x:/y:ro,rw", "/x:/y:nocopy",
        "v:/y:rslave", "bad name:/x", "a/b:/x", "-v:/x"})
    void badVolumeFlagsAreRefused(String spec) {
        assertThrows(InvalidRequestException.class, () -> MountSpecs.volumeFlag(spec, CWD));
    }

    @Test
    void errorsUseDockersWording() {
        assertEquals("invalid mount config for type \"bind\": invalid specification: destination can't be '/'",
                assertThrows(InvalidRequestException.class, () -> MountSpecs.volumeFlag("/x:/", CWD)).getMessage());
        assertEquals("invalid volume specification: '/a:/b:ro:extra'",
                assertThrows(InvalidRequestException.class, () -> MountSpecs.volumeFlag("/a:/b:ro:extra", CWD)).getMessage());
        assertEquals("invalid mode: bogus",
                assertThrows(InvalidRequestException.class, () -> MountSpecs.volumeFlag("/x:/y:bogus", CWD)).getMessage());
        assertEquals("invalid mount config for type \"volume\": invalid mount path: 'rel' mount path must be absolute",
                assertThrows(InvalidRequestException.class, () -> MountSpecs.volumeFlag("v:rel", CWD)).getMessage());
    }

    @Test
    void mountFlagBind() {
        assertEquals(new Mount("bind", "/srv", "/data", List.of("rbind", "rshared", "ro")),
                MountSpecs.mountFlag("type=bind,src=/srv,dst=/data,readonly,bind-propagation=rshared", CWD));
        assertEquals(new Mount("bind", "/srv", "/data", List.of("rbind", "rprivate")),
                MountSpecs.mountFlag("type=bind,source=/srv,target=/data,ro=false", CWD));
    }

    @Test
    void mountFlagVolumeIsTheDefaultType() {
        assertEquals(new Mount("volume", "v1", "/data", List.of("ro")), MountSpecs.mountFlag("source=v1,target=/data,ro=1", CWD));
        assertEquals(new Mount("volume", "", "/data", List.of("nocopy")), MountSpecs.mountFlag("type=volume,destination=/data,volume-nocopy", CWD));
    }

    @Test
    void mountFlagTmpfsGetsDockersDefaultsAndSizeInBytes() {
        assertEquals(new Mount("tmpfs", "tmpfs", "/run", List.of("rw", "noexec", "nosuid", "nodev", "size=67108864", "mode=1770")),
                MountSpecs.mountFlag("type=tmpfs,target=/run,tmpfs-size=64m,tmpfs-mode=1770", CWD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"type=bind,target=/x", "type=bind,src=rel,target=/x", "type=tmpfs,src=/x,target=/y",
        "type=nfs,target=/x", "src=v", "type=bind,src=/x,target=/", "type=volume,src=v,target=/proc/x",
        "type=volume,target=/x,bind-propagation=shared", "type=bind,src=/x,target=/y,tmpfs-size=1",
        "type=tmpfs,target=/x,tmpfs-size=lots", "type=tmpfs,target=/x,tmpfs-mode=999", "type=bind,src=/x,target=/y,foo=bar",
        "type=bind,src=/x,target", "type=volume,src=../up,target=/x", "type=tmpfs,target=/x,volume-nocopy",
        "type=bind,src=/x,target=/y,readonly=maybe", "type=bind,src=/x,target=/y,bind-propagation=everywhere"})
    void badMountFlagsAreRefused(String spec) {
        assertThrows(InvalidRequestException.class, () -> MountSpecs.mountFlag(spec, CWD));
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
