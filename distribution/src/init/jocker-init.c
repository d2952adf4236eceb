/*
 * jocker-init: PID 1 of a container run with --init, as Docker's docker-init (tini) is.
 *
 * Usage: jocker-init -- COMMAND [ARG...]
 *
 * Runs COMMAND as its only child, in a process group of its own that owns the terminal if there
 * is one; forwards every signal it receives to that child (a PID 1 with no handler would ignore
 * them); reaps every process that ends in the container, its own child's orphans too; and exits
 * with the child's status once the child ends: its exit code, or 128 + the number of the signal
 * that killed it. Statically linked, so it runs in any image; a few hundred kilobytes of memory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Signals raised by a fault in this program stay fatal to it rather than being forwarded. */
static const int SYNCHRONOUS[] = {SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGTRAP, SIGSYS, SIGTTIN, SIGTTOU};

static void child(char **command, const sigset_t *original) {
    if (setpgid(0, 0) == 0 && isatty(STDIN_FILENO)) {
        /* SIGTTOU is still blocked here, so a background group may take the terminal. */
        tcsetpgrp(STDIN_FILENO, getpgrp());
    }
    sigprocmask(SIG_SETMASK, original, NULL);
    execvp(command[0], command);
    int error = errno;
    fprintf(stderr, "jocker-init: exec %s failed: %s\n", command[0], strerror(error));
    _exit(error == ENOENT ? 127 : 126);
}

int main(int argc, char **argv) {
    int first = argc > 1 && strcmp(argv[1], "--") == 0 ? 2 : 1;
    if (first >= argc) {
        fprintf(stderr, "usage: jocker-init -- COMMAND [ARG...]\n");
        return 1;
    }
    sigset_t forwarded, original;
    sigfillset(&forwarded);
    for (size_t i = 0; i < sizeof SYNCHRONOUS / sizeof SYNCHRONOUS[0]; i++) {
        sigdelset(&forwarded, SYNCHRONOUS[i]);
    }
    /* Blocked signals are queued even for a PID 1, whose unhandled signals the kernel drops. */
    sigprocmask(SIG_SETMASK, &forwarded, &original);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "jocker-init: fork failed: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        child(argv + first, &original);
    }
    for (;;) {
        int sig = sigwaitinfo(&forwarded, NULL);
        if (sig < 0) {
            if (errno == EINTR) {
                continue;
            }
            fprintf(stderr, "jocker-init: sigwaitinfo failed: %s\n", strerror(errno));
            return 1;
        }
        if (sig != SIGCHLD) {
            kill(pid, sig);
            continue;
        }
        int status;
        pid_t ended;
        while ((ended = waitpid(-1, &status, WNOHANG)) > 0) {
            if (ended == pid) {
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
        }
    }
}
