package io.jocker.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeParserTest {

    private final ChangeParser parser = new ChangeParser(new ObjectMapper());

    private RunConfig apply(String... changes) throws InvalidChangeException {
        return parser.apply(RunConfig.EMPTY, List.of(changes));
    }

    @Test
    void cmdAndEntrypointTakeTheJsonForm() throws InvalidChangeException {
        RunConfig config = apply("CMD [\"echo\", \"a b\"]", "ENTRYPOINT [\"/bin/tini\",\"--\"]");
        assertEquals(List.of("echo", "a b"), config.cmd());
        assertEquals(List.of("/bin/tini", "--"), config.entrypoint());
    }

    @Test
    void theShellFormRunsThroughBinSh() throws InvalidChangeException {
        RunConfig config = apply("CMD echo \"$HOME\" && ls", "entrypoint exec top -b", "CMD [not json");
        assertEquals(List.of("/bin/sh", "-c", "[not json"), config.cmd());
        assertEquals(List.of("/bin/sh", "-c", "exec top -b"), config.entrypoint());
        assertEquals(List.of("/bin/sh", "-c", "echo \"$HOME\" && ls"), apply("CMD echo \"$HOME\" && ls").cmd());
    }

    @Test
    void envTakesNameValuePairsWithQuotesAndTheLegacyForm() throws InvalidChangeException {
        RunConfig config = apply("ENV A=1 B=\"two words\" C='single \"q\"' D=x\\ y", "ENV LEGACY value with  spaces",
                "ENV A=replaced");
        assertEquals(List.of("B=two words", "C=single \"q\"", "D=x y", "LEGACY=value with  spaces", "A=replaced"),
                config.env());
    }

    @Test
    void labelsWorkLikeEnv() throws InvalidChangeException {
        assertEquals(Map.of("org.example.a", "1", "b", "x y", "old", "style value"),
                apply("LABEL org.example.a=1 b=\"x y\"", "LABEL old style value").labels());
    }

    @Test
    void workdirIsJoinedWithThePreviousOneAndUserIsTaken() throws InvalidChangeException {
        assertEquals("/app/src", apply("WORKDIR /app", "WORKDIR src").workingDir());
        assertEquals("/data", apply("WORKDIR data").workingDir());
        assertEquals("1000:1000", apply("USER 1000:1000").user());
    }

    @Test
    void exposeAddsPortsAsDockerKeysThem() throws InvalidChangeException {
        RunConfig config = apply("EXPOSE 80", "EXPOSE 53/udp 8000-8001/TCP");
        assertEquals(List.of("53/udp", "80/tcp", "8000/tcp", "8001/tcp"), config.exposedPortKeys());
        assertEquals(Map.of(), config.exposedPorts().get("80/tcp"));
    }

    @Test
    void anEmptyChangeListLeavesTheConfigEmpty() throws InvalidChangeException {
        assertEquals(RunConfig.EMPTY, apply());
    }

    @Test
    void invalidChangesAreRejectedWithDockersWording() {
        assertEquals("from is not a valid change command",
                assertThrows(InvalidChangeException.class, () -> apply("FROM busybox")).getMessage());
        assertEquals("VOLUME is not supported by jocker's --change",
                assertThrows(InvalidChangeException.class, () -> apply("VOLUME /data")).getMessage());
        assertEquals("EXPOSE 80/sctp: invalid protocol \"sctp\" (jocker publishes tcp and udp ports)",
                assertThrows(InvalidChangeException.class, () -> apply("EXPOSE 80/sctp")).getMessage());
        assertEquals("EXPOSE 0: invalid port 0 (1 to 65535)",
                assertThrows(InvalidChangeException.class, () -> apply("EXPOSE 0")).getMessage());
        assertEquals("EXPOSE 9-8: invalid range of ports: 9-8",
                assertThrows(InvalidChangeException.class, () -> apply("EXPOSE 9-8")).getMessage());
        assertEquals("Syntax error - can't find = in \"B\". Must be of the form: name=value",
                assertThrows(InvalidChangeException.class, () -> apply("ENV A=1 B")).getMessage());
        assertEquals("ENV must have two arguments",
                assertThrows(InvalidChangeException.class, () -> apply("ENV A")).getMessage());
        assertEquals("ENV names can not be blank",
                assertThrows(InvalidChangeException.class, () -> apply("ENV =x")).getMessage());
        assertEquals("CMD requires at least one argument",
                assertThrows(InvalidChangeException.class, () -> apply("CMD")).getMessage());
        assertThrows(InvalidChangeException.class, () -> apply("ENV A=\"open"));
        assertThrows(InvalidChangeException.class, () -> apply(""));
    }
}
