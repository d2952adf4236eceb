/*
 * The escape battery's probes (EscapeBatteryIT): each argument names one attempt to reach past a
 * container's walls; for each, one line "NAME RESULT" where RESULT is OK or the errno's name.
 * Every probe is harmless when it succeeds (a privileged container, or a regression): it asks for
 * nothing the kernel would act on (invalid flags, null arguments, an open without a write), so
 * that a breach is reported and never changes the host.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/reboot.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *result(long rc) {
    if (rc >= 0) {
        return "OK";
    }
    switch (errno) {
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case EINVAL: return "EINVAL";
    case ENOSYS: return "ENOSYS";
    case EROFS: return "EROFS";
    case ESRCH: return "ESRCH";
    case ENOENT: return "ENOENT";
    case EFAULT: return "EFAULT";
    case EBADF: return "EBADF";
    case ENOEXEC: return "ENOEXEC";
    case ESTALE: return "ESTALE";
    default: {
        static char other[32];
        snprintf(other, sizeof other, "errno%d", errno);
        return other;
    }
    }
}

/** Opens for writing and closes without writing a byte. */
static long open_for_write(const char *path) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        close(fd);
    }
    return fd;
}

/** Reads one byte: "EMPTY" when the file reads as empty (a masked path), else OK or the errno. */
static const char *read_one(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return result(-1);
    }
    char c;
    long n = read(fd, &c, 1);
    int saved = errno;
    close(fd);
    errno = saved;
    return n == 0 ? "EMPTY" : result(n);
}

static const char *probe(const char *name, const char *target) {
    if (!strcmp(name, "unshare-user")) return result(unshare(CLONE_NEWUSER));
    if (!strcmp(name, "unshare-mount")) return result(unshare(CLONE_NEWNS));
    if (!strcmp(name, "mount-proc")) {
        mkdir("/tmp/probe-proc", 0700);
        return result(mount("proc", "/tmp/probe-proc", "proc", 0, NULL));
    }
    if (!strcmp(name, "umount-masked")) return result(umount2("/proc/kcore", MNT_DETACH));
    if (!strcmp(name, "keyctl")) return result(syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, NULL));
    if (!strcmp(name, "add_key")) {
        return result(syscall(SYS_add_key, "user", "probe", "x", 1, -2 /* KEY_SPEC_PROCESS_KEYRING */));
    }
    if (!strcmp(name, "bpf")) {
        char attr[128] = {0};
        return result(syscall(SYS_bpf, 0 /* BPF_MAP_CREATE, all zero: invalid */, attr, sizeof attr));
    }
    if (!strcmp(name, "perf_event_open")) {
        char attr[128] = {0};
        ((unsigned int *)attr)[0] = 0xffff; /* an unknown event type */
        ((unsigned int *)attr)[1] = sizeof attr;
        return result(syscall(SYS_perf_event_open, attr, 0, -1, -1, 0));
    }
    if (!strcmp(name, "kexec_load")) return result(syscall(SYS_kexec_load, 0, 0, NULL, 0xdead0000UL /* invalid flags */));
    if (!strcmp(name, "init_module")) return result(syscall(SYS_init_module, NULL, 0, ""));
    if (!strcmp(name, "open_by_handle_at")) {
        char handle[16] = {0}; /* handle_bytes 0: invalid */
        return result(syscall(SYS_open_by_handle_at, AT_FDCWD, handle, O_RDONLY));
    }
    if (!strcmp(name, "userfaultfd")) {
        long fd = syscall(SYS_userfaultfd, O_CLOEXEC);
        if (fd >= 0) {
            close(fd);
        }
        return result(fd);
    }
    /* The raw call: with neither a time nor a zone, the kernel checks the capability and sets nothing. */
    if (!strcmp(name, "settimeofday")) return result(syscall(SYS_settimeofday, NULL, NULL));
    if (!strcmp(name, "swapon")) return result(swapon("/nonexistent-swap", 0));
    if (!strcmp(name, "reboot")) {
        /* In a PID namespace other than the first, this command is EINVAL once permitted: nothing happens. */
        return result(syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_OFF, NULL));
    }
    if (!strcmp(name, "mknod-block-open")) {
        /* A block device the host has (MAJOR:MINOR): opening a missing one could load a driver. */
        unsigned int major = 0, minor = 0;
        if (sscanf(target, "%u:%u", &major, &minor) != 2) {
            return "BADARG";
        }
        unlink("/tmp/probe-blk");
        if (mknod("/tmp/probe-blk", S_IFBLK | 0600, makedev(major, minor)) < 0) {
            return result(-1);
        }
        int fd = open("/tmp/probe-blk", O_RDONLY | O_CLOEXEC);
        int saved = errno;
        if (fd >= 0) {
            close(fd);
        }
        unlink("/tmp/probe-blk");
        errno = saved;
        return result(fd);
    }
    if (!strcmp(name, "write-proc-sys")) return result(open_for_write("/proc/sys/kernel/panic"));
    if (!strcmp(name, "write-sysrq-trigger")) return result(open_for_write("/proc/sysrq-trigger"));
    if (!strcmp(name, "read-kcore")) return read_one("/proc/kcore");
    if (!strcmp(name, "ptrace-other")) return result(ptrace(PTRACE_ATTACH, (pid_t)strtol(target, NULL, 10), NULL, NULL));
    return "UNKNOWN";
}

int main(int argc, char **argv) {
    /* NAME=VALUE gives a probe its target: ptrace-other=PID, mknod-block-open=MAJOR:MINOR. */
    for (int i = 1; i < argc; i++) {
        char name[64];
        const char *eq = strchr(argv[i], '=');
        size_t length = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        if (length >= sizeof name) {
            length = sizeof name - 1;
        }
        memcpy(name, argv[i], length);
        name[length] = 0;
        /* Each probe in a child of its own: one that succeeds (a new user namespace) changes what the next may do. */
        pid_t child = fork();
        if (child < 0) {
            perror("fork");
            return 1;
        }
        if (child == 0) {
            errno = 0;
            printf("%s %s\n", name, probe(name, eq ? eq + 1 : ""));
            fflush(stdout);
            _exit(0);
        }
        int status;
        if (waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            printf("%s CRASHED\n", name);
            fflush(stdout);
        }
    }
    return 0;
}
