package io.jocker.cli;

/**
 * A flag's value refused before anything was done, such as a {@code -v} or {@code --restart}
 * that does not parse: a wrong command line, which Docker's client reports with 125 in every
 * command. The cause holds the message.
 */
final class InvalidOptionException extends RuntimeException {

    InvalidOptionException(RuntimeException cause) {
        super(cause.getMessage(), cause);
    }
}
