package io.jocker.engine.volume;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.base.RandomIds;
import java.util.regex.Pattern;

/** Volume names as Docker's local driver accepts them; a valid name is also a safe directory name. */
public final class VolumeNames {

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

    private VolumeNames() {}

    public static boolean isValid(String name) {
        return VALID.matcher(name).matches();
    }

    public static String validate(String name) {
        if (!isValid(name)) {
            throw new InvalidRequestException("create " + name + ": \"" + name + "\" includes invalid characters for a local"
                    + " volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host"
                    + " directory, use absolute path");
        }
        return name;
    }

    /** A random 64-hex-digit name, as Docker gives anonymous volumes. */
    public static String random() {
        return RandomIds.hex64();
    }
}
