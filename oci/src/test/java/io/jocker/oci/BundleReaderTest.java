package io.jocker.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleReaderTest {

    private final BundleReader reader = new BundleReader(new ObjectMapper());

    private OciException refused(String json) {
        return assertThrows(OciException.class, () -> reader.parse(json.getBytes(StandardCharsets.UTF_8), "config.json"));
    }

    @Test
    void unknownFieldsAreAccepted() throws OciException {
        OciConfig config = reader.parse("{\"ociVersion\":\"1.2.0\",\"future\":{\"a\":1},\"process\":{\"args\":[\"true\"],\"x\":2}}"
                .getBytes(StandardCharsets.UTF_8), "config.json");
        assertEquals("1.2.0", config.ociVersion());
    }

    @Test
    void malformedJsonIsRefusedInOneLineWithItsPlace() {
        assertEquals("config.json is not valid JSON: Unexpected character ('}' (code 125)): expected a value at line 1, column 12",
                refused("{\"process\":}").getMessage());
    }

    @Test
    void aTruncatedFileIsMalformedNotOfTheWrongType() {
        assertEquals("config.json is not valid JSON: it ends in the middle of a value at line 1, column 28",
                refused("{\"process\": {\"args\": [\"sh\"]").getMessage());
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() {
        assertEquals("config.json: a value of the wrong type in 'process.args' at line 1, column 21",
                refused("{\"process\":{\"args\":7}}").getMessage().replaceAll("column \\d+", "column 21"));
        assertEquals("config.json: a value of the wrong type in 'process.rlimits.[0].hard' at line 1, column 50",
                refused("{\"process\":{\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":null}]}}").getMessage()
                        .replaceAll("column \\d+", "column 50"));
    }

    @Test
    void aMissingConfigIsNamed(@TempDir Path bundle) {
        assertEquals("bundle " + bundle + " has no config.json",
                assertThrows(OciException.class, () -> reader.read(bundle)).getMessage());
    }
}
