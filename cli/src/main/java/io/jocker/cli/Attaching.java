package io.jocker.cli;

/** A command that may need the caller's terminal or standard input: attached to a process, or read itself. */
interface Attaching {

    /** Whether this invocation needs the caller's terminal or stdin, which the supervisor does not have. */
    boolean attachesTerminal();
}
