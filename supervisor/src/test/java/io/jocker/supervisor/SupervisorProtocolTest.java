package io.jocker.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.supervisor.SupervisorProtocol.AttachRequest;
import io.jocker.supervisor.SupervisorProtocol.ProtocolException;
import io.jocker.supervisor.SupervisorProtocol.Reply;
import io.jocker.supervisor.SupervisorProtocol.Request;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SupervisorProtocolTest {

    @Test
    void requestsRoundTripWithTheVersionFirst() throws ProtocolException {
        Request start = new Request(SupervisorProtocol.START, "ab".repeat(32));
        assertEquals("jocker-supervisor/1 start " + "ab".repeat(32) + "\n", start.encode());
        assertEquals(start, Request.parse(start.encode().strip()));
    }

    @Test
    void anotherVersionIsRefusedWithAnActionableMessage() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Request.parse("jocker-supervisor/2 start x"));
        assertTrue(e.getMessage().contains("protocol mismatch"), e.getMessage());
        assertThrows(ProtocolException.class, () -> Request.parse("jocker-supervisor/1"));
        assertThrows(ProtocolException.class, () -> Request.parse(""));
    }

    @Test
    void repliesRoundTripAndErrorsStayOnOneLine() {
        assertEquals(Optional.of(Reply.success()), Reply.parse(Reply.success().encode().strip()));
        Reply error = Reply.error(127, "exec: \"nope\": not found\nsecond line");
        assertEquals("error 127 exec: \"nope\": not found second line\n", error.encode());
        assertEquals(Optional.of(error), Reply.parse(error.encode().strip()));
        assertEquals(Optional.empty(), Reply.parse("error x y"));
        assertEquals(Optional.empty(), Reply.parse("okay"));
    }

    @Test
    void attachRequestsCarryTheirFlags() throws ProtocolException {
        String id = "cd".repeat(32);
        for (AttachRequest request : new AttachRequest[] {new AttachRequest(id, false, false), new AttachRequest(id, true, false),
                new AttachRequest(id, false, true), new AttachRequest(id, true, true)}) {
            assertEquals(request, AttachRequest.parse(request.encode()));
            Request line = new Request(SupervisorProtocol.ATTACH, request.encode());
            assertEquals(request, AttachRequest.parse(Request.parse(line.encode().strip()).argument()));
        }
        assertEquals(id + " stdin,start", new AttachRequest(id, true, true).encode());
        assertEquals(id + " -", new AttachRequest(id, false, false).encode());
        assertThrows(ProtocolException.class, () -> AttachRequest.parse(id));
        assertThrows(ProtocolException.class, () -> AttachRequest.parse(id + " stdin,detach"));
        assertThrows(ProtocolException.class, () -> AttachRequest.parse(id + " stdin extra"));
    }
}
