package io.jocker.cli.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Templates that use no data, run through the Docker 28.2.2 client
 * ({@code docker version --format T}, which parses as "version" and runs Go's text/template with
 * Docker's functions); each line of the resource holds a template, what Docker printed and its
 * parse error. Docker's version command does not report execution errors, so those cases only
 * check that jocker prints nothing before failing.
 */
class DockerOracleTest {

    static Stream<Arguments> cases() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Arguments> cases = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                DockerOracleTest.class.getResourceAsStream("/template/docker-version-oracle.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode c = json.readTree(line);
                cases.add(Arguments.of(c.get("t").asText(), c.get("out").asText(), c.get("err").asText()));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void printsWhatDockerPrints(String source, String expected, String parseError) {
        String out;
        try {
            out = Template.parse("version", source, Functions.docker()).execute(Map.of());
        } catch (TemplateException e) {
            out = "";
            if (!parseError.isEmpty()) {
                assertEquals(parseError, "template parsing error: " + e.getMessage());
            }
        }
        // The oracle was captured through the shell's $(...), which drops trailing newlines.
        assertEquals(expected, out.replaceAll("\n+$", ""));
    }
}
