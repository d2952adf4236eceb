package io.jocker.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads a bundle's {@code config.json}: unknown fields are accepted, a malformed file is refused in one line. */
final class BundleReader {

    static final String CONFIG = "config.json";

    private final ObjectMapper mapper;

    BundleReader(ObjectMapper mapper) {
        this.mapper = mapper.copy()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    OciConfig read(Path bundle) throws OciException {
        Path file = bundle.resolve(CONFIG);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new OciException("bundle " + bundle + " has no " + CONFIG);
        } catch (IOException e) {
            throw new OciException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    OciConfig parse(byte[] bytes, String what) throws OciException {
        return parse(bytes, what, OciConfig.class);
    }

    /** An {@code exec --process} file: the config's {@code process} alone. */
    OciConfig.Process readProcess(Path file) throws OciException {
        try {
            return parse(Files.readAllBytes(file), file.toString(), OciConfig.Process.class);
        } catch (IOException e) {
            throw new OciException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private <T> T parse(byte[] bytes, String what, Class<T> type) throws OciException {
        try {
            // Syntax first: a truncated file would otherwise read as a value of the wrong type.
            mapper.readTree(bytes);
            T config = mapper.readValue(bytes, type);
            if (config == null) {
                throw new OciException(what + " is empty");
            }
            return config;
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new OciException(what + ": a value of the wrong type" + (field.isEmpty() ? "" : " in '" + field + "'")
                    + location(e), e);
        } catch (JsonEOFException e) {
            throw new OciException(what + " is not valid JSON: it ends in the middle of a value" + location(e), e);
        } catch (JsonProcessingException e) {
            throw new OciException(what + " is not valid JSON: " + firstLine(e.getOriginalMessage()) + location(e), e);
        } catch (IOException e) {
            throw new OciException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
