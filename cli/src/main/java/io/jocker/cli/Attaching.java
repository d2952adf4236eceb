package io.jocker.cli;

/** A command that may connect the caller's terminal or standard input to a process. */
interface Attaching {

    /** Whether this invocation needs the caller's terminal or stdin, which the supervisor does not have. */
    boolean attachesTerminal();
}
