package io.jocker.cli.format;

import io.jocker.cli.template.TemplateException;
import io.jocker.engine.base.EngineException;

/** A {@code --format} that does not parse or fails on the data, in Docker's words. */
public final class FormatException extends EngineException {

    private static final long serialVersionUID = 1L;

    public FormatException(TemplateException cause) {
        super("template parsing error: " + cause.getMessage(), cause);
    }
}
