package io.jocker.cli;

import io.jocker.cli.template.TemplateException;
import io.jocker.engine.base.EngineException;

/**
 * An {@code inspect -f} template that does not parse: Docker's client exits 64 for it (its
 * inspector returns {@code StatusError{StatusCode: 64}}), where a list's {@code --format} fails
 * with 1.
 */
final class InspectTemplateException extends EngineException {

    private static final long serialVersionUID = 1L;

    /** Docker's status for it. */
    static final int STATUS = 64;

    InspectTemplateException(TemplateException cause) {
        super("template parsing error: " + cause.getMessage(), cause);
    }
}
