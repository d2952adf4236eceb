package io.jocker.cli.template;

/**
 * A template function refused its arguments; the executor adds where in the template that was.
 * An argument of the wrong type is reported as Go reports it, without "error calling".
 */
public final class FunctionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean wrongArgument;

    public FunctionException(String message) {
        this(message, false);
    }

    private FunctionException(String message, boolean wrongArgument) {
        super(message);
        this.wrongArgument = wrongArgument;
    }

    static FunctionException wrongType(String expected, Object got) {
        if (got == null) {
            return new FunctionException("invalid value; expected " + expected, true);
        }
        return new FunctionException("wrong type for value; expected " + expected + "; got " + GoValues.typeName(got), true);
    }

    boolean wrongArgument() {
        return wrongArgument;
    }
}
