package io.jocker.cli;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.host.Platforms;
import io.jocker.images.ImageException;
import io.jocker.images.ImageName;
import io.jocker.images.ImageNotFoundException;
import io.jocker.registry.Platform;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/** Pulling for {@code pull}, {@code run} and {@code create}: the puller wired to the engine's store. */
final class Pulls {

    private Pulls() {}

    /** Docker's {@code --pull} values; returns the one given, lower case. */
    static String checkPolicy(String policy) {
        String mode = policy == null ? "missing" : policy.toLowerCase(Locale.ROOT);
        if (!mode.equals("missing") && !mode.equals("always") && !mode.equals("never")) {
            throw new InvalidRequestException("invalid pull option: '" + policy + "': must be one of \"always\", \"missing\" or \"never\"");
        }
        return mode;
    }

    /**
     * Refuses an image reference as Docker's client does before it asks for anything (its {@code
     * ParseAnyReference}), with the reference library's words: {@code invalid reference format: ...}.
     */
    static void checkReference(String image) {
        if (ImageName.isId(image)) {
            return;
        }
        try {
            ImageName.parseNormalized(image);
        } catch (ImageException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    /** {@code --platform}, normalised as Docker's; the host's when not given. */
    static Platform platform(String specifier) {
        Platforms.Platform p = specifier == null || specifier.isEmpty() ? Platforms.host() : Platforms.parse(specifier);
        return new Platform(p.os(), p.architecture(), p.variant());
    }

    /**
     * {@code run}/{@code create --pull}: {@code missing} pulls an image that is not stored, after
     * Docker's {@code Unable to find image 'x' locally}; {@code always} pulls; {@code never} does not.
     * Progress goes to {@code err}, as Docker's client writes it there for these commands.
     */
    static void beforeCreate(JockerCommand jocker, String image, String policy, String platform, PrintWriter err) {
        String mode = checkPolicy(policy);
        checkReference(image);
        if (mode.equals("never")) {
            return;
        }
        if (mode.equals("missing")) {
            try {
                jocker.engine().images().resolve(image);
                return;
            } catch (ImageNotFoundException e) {
                err.println(e.getMessage());
                err.flush();
            } catch (ImageException e) {
                throw new EngineException(e.getMessage(), e);
            } catch (IOException e) {
                throw new EngineException(EngineException.messageOf(e), e);
            }
        }
        ImageName name;
        try {
            name = ImageName.parseNormalized(image);
        } catch (ImageException e) {
            throw new EngineException(e.getMessage(), e);
        }
        ImageCommands.withStore(jocker, store -> Logins.client(jocker)
                .pull(name, platform(platform), new PullPrinter(err, CallerTerminal.isTerminal(2))));
    }
}
