package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.events.Event;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFilterTest {

    private static final String ID = "ab".repeat(32);
    private static final Event START = new Event(Event.CONTAINER, "start", ID,
            Map.of("name", "web", "image", "busybox:latest", "tier", "front"), 1);
    private static final Event EXEC = new Event(Event.CONTAINER, "exec_start: sh -c true", ID, Map.of("name", "web"), 2);
    private static final Event TAG = new Event(Event.IMAGE, "tag", "sha256:" + "cd".repeat(32), Map.of("name", "busybox:v2"), 3);
    private static final Event VOLUME = new Event(Event.VOLUME, "create", "data", Map.of("driver", "local"), 4);

    @Test
    void typeAndEventMatchExactlyExceptTheActionsThatCarryACommand() {
        assertTrue(includes(START, "type=container", "event=start"));
        assertFalse(includes(START, "type=image"));
        assertFalse(includes(START, "event=sta"));
        assertTrue(includes(EXEC, "event=exec_start"), "exec_start: CMD is matched by its prefix, as in moby");
        assertTrue(includes(TAG, "event=tag", "event=untag"), "values of one key are alternatives");
    }

    @Test
    void anActorIsNamedByItsNameOrAnIdPrefix() {
        assertTrue(includes(START, "container=web"));
        assertTrue(includes(START, "container=abab"));
        assertFalse(includes(START, "container=db"));
        assertTrue(includes(VOLUME, "volume=data"));
        assertFalse(includes(TAG, "container=web"), "a key for containers selects container events only");
    }

    @Test
    void anImageMatchesWithOrWithoutItsTagAndAContainersImageToo() {
        assertTrue(includes(TAG, "image=busybox"));
        assertTrue(includes(TAG, "image=busybox:v2"));
        assertTrue(includes(START, "image=busybox"));
        assertFalse(includes(TAG, "image=alpine"));
    }

    @Test
    void labelsMatchTheAttributes() {
        assertTrue(includes(START, "label=tier", "label=tier=front"));
        assertFalse(includes(START, "label=tier=back"));
    }

    @Test
    void anUnknownKeyIsRefused() {
        assertEquals("invalid filter 'colour'",
                assertThrows(InvalidRequestException.class, () -> EventFilter.parse(List.of("colour=red"))).getMessage());
    }

    private static boolean includes(Event e, String... filters) {
        return EventFilter.parse(List.of(filters)).includes(e);
    }
}
