package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.linux.Capabilities;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --cap-add and --cap-drop read and applied as Docker's client and daemon do. */
class CapabilityTweaksTest {

    private static final List<String> DEFAULTS = DefaultSecurity.CAPABILITIES;

    @Test
    void namesAreNormalisedSortedAndAddedWinsOverDropped() {
        CapabilityTweaks tweaks = CapabilityTweaks.of(List.of("sys_admin", "CAP_net_admin", "NET_ADMIN"),
                List.of(" chown", "cap_sys_admin", "Kill"));
        assertEquals(List.of("CAP_NET_ADMIN", "CAP_SYS_ADMIN"), tweaks.add());
        assertEquals(List.of("CAP_CHOWN", "CAP_KILL"), tweaks.drop());
    }

    @Test
    void allStandsAlone() {
        CapabilityTweaks tweaks = CapabilityTweaks.of(List.of("all", "NET_ADMIN"), List.of("chown"));
        assertEquals(List.of("ALL"), tweaks.add());
        assertEquals(List.of("CAP_CHOWN"), tweaks.drop());
        CapabilityTweaks both = CapabilityTweaks.of(List.of("ALL"), List.of("ALL", "chown"));
        assertEquals(List.of("ALL"), both.add());
        assertEquals(List.of(), both.drop());
        assertEquals(List.of("ALL"), CapabilityTweaks.of(List.of(), List.of("chown", "all")).drop());
    }

    @Test
    void unknownNamesAreRefusedWithDockersWording() {
        InvalidRequestException add = assertThrows(InvalidRequestException.class,
                () -> CapabilityTweaks.of(List.of("bogus"), List.of()));
        assertEquals("invalid CapAdd: unknown capability: \"CAP_BOGUS\"", add.getMessage());
        InvalidRequestException drop = assertThrows(InvalidRequestException.class,
                () -> CapabilityTweaks.of(List.of(), List.of("cap_nope")));
        assertEquals("invalid CapDrop: unknown capability: \"CAP_NOPE\"", drop.getMessage());
    }

    @Test
    void appliedInDockersOrder() {
        assertEquals(DEFAULTS, CapabilityTweaks.of(List.of(), List.of()).applyTo(DEFAULTS, false));
        List<String> dropped = new ArrayList<>(DEFAULTS);
        dropped.remove("CAP_CHOWN");
        dropped.add("CAP_SYS_ADMIN");
        assertEquals(dropped, CapabilityTweaks.of(List.of("SYS_ADMIN"), List.of("CHOWN")).applyTo(DEFAULTS, false));
        assertEquals(List.of("CAP_NET_ADMIN"), CapabilityTweaks.of(List.of("NET_ADMIN"), List.of("ALL")).applyTo(DEFAULTS, false));
        List<String> allButChown = new ArrayList<>(Capabilities.all());
        allButChown.remove("CAP_CHOWN");
        assertEquals(allButChown, CapabilityTweaks.of(List.of("ALL"), List.of("CHOWN")).applyTo(DEFAULTS, false));
        assertEquals(Capabilities.all(), CapabilityTweaks.of(List.of(), List.of("ALL")).applyTo(DEFAULTS, true));
    }
}
