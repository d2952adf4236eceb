package io.jocker.cli.template;

/**
 * A typed Go nil: JSON writes each as {@code null}, but a template prints a nil slice as
 * {@code []}, a nil map as {@code map[]} and a nil pointer as {@code <nil>}. (A Java null is a Go
 * nil interface: a missing value, printed {@code <no value>}.)
 */
public enum GoNil {
    SLICE("[]"),
    MAP("map[]"),
    POINTER("<nil>");

    private final String printed;

    GoNil(String printed) {
        this.printed = printed;
    }

    @Override
    public String toString() {
        return printed;
    }
}
