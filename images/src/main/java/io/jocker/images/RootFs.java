package io.jocker.images;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The layers of an image, as OCI diff ids (sha256 of each uncompressed layer tar), lowest first. */
public record RootFs(String type, @JsonProperty("diff_ids") List<String> diffIds) {

    public RootFs {
        diffIds = List.copyOf(diffIds);
    }

    public static RootFs layers(List<String> diffIds) {
        return new RootFs("layers", diffIds);
    }
}
