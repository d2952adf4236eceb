/* Times, for one container start on a spare init, the hand-off of the root file system mount:
   open_tree(OPEN_TREE_CLONE|AT_RECURSIVE) in the engine, pidfd_getfd + move_mount in the spare's
   mount namespace; against the alternative where the spare mounts the overlay itself (mount spec).
   As root, under the test lock:
     gcc -O2 -o /tmp/handoff bench/rootfs-handoff.c
     d=$(mktemp -d) && mkdir -p $d/lower/bin $d/upper $d/work $d/merged $d/target &&
       cp /usr/bin/busybox $d/lower/bin/ && /tmp/handoff $d; rm -rf $d */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define N 200
static long ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000L + t.tv_nsec; }
static int cmp(const void *a, const void *b) { long x = *(long *)a, y = *(long *)b; return x < y ? -1 : x > y; }
static long median(long *v) { qsort(v, N, sizeof *v, cmp); return v[N / 2]; }
#define CHECK(x) do { if ((x) < 0) { perror(#x); exit(1); } } while (0)

int main(int argc, char **argv) {
  const char *dir = argv[1];
  char lower[512], upper[512], work[512], merged[512], target[512], opts[2048];
  snprintf(lower, sizeof lower, "%s/lower", dir); snprintf(upper, sizeof upper, "%s/upper", dir);
  snprintf(work, sizeof work, "%s/work", dir); snprintf(merged, sizeof merged, "%s/merged", dir);
  snprintf(target, sizeof target, "%s/target", dir);
  snprintf(opts, sizeof opts, "lowerdir=%s,upperdir=%s,workdir=%s,redirect_dir=off,metacopy=off", lower, upper, work);
  int sv[2]; CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  long openTree[N], getfd[N], moveMount[N], hostMount[N], spareMount[N];
  int parent = getpid();
  pid_t child = fork();
  if (child == 0) {
    /* The spare: its own mount namespace, private, made before the container's mount exists. */
    CHECK(unshare(CLONE_NEWNS));
    CHECK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
    int pidfd = syscall(SYS_pidfd_open, parent, 0); CHECK(pidfd);
    for (int i = 0; i < 2 * N; i++) {
      int fd; if (read(sv[1], &fd, sizeof fd) != sizeof fd) exit(1);
      long t[2] = {0, 0};
      if (fd >= 0) {           /* hand-off: take the engine's detached tree and attach it */
        long a = ns(); int tree = syscall(SYS_pidfd_getfd, pidfd, fd, 0); long b = ns(); CHECK(tree);
        CHECK(syscall(SYS_move_mount, tree, "", AT_FDCWD, target, 4 /* MOVE_MOUNT_F_EMPTY_PATH */)); long c = ns();
        close(tree); t[0] = b - a; t[1] = c - b;
      } else {                 /* mount spec: the spare mounts the overlay itself */
        long a = ns(); CHECK(mount("overlay", target, "overlay", 0, opts)); t[0] = ns() - a;
      }
      CHECK(umount2(target, MNT_DETACH));
      if (write(sv[1], t, sizeof t) != sizeof t) exit(1);
    }
    exit(0);
  }
  for (int i = 0; i < N; i++) {
    long a = ns(); CHECK(mount("overlay", merged, "overlay", 0, opts)); long b = ns();
    int tree = syscall(SYS_open_tree, AT_FDCWD, merged, 1 /* OPEN_TREE_CLONE */ | 0x8000 /* AT_RECURSIVE */ | O_CLOEXEC); long c = ns(); CHECK(tree);
    hostMount[i] = b - a; openTree[i] = c - b;
    CHECK(write(sv[0], &tree, sizeof tree)); long t[2]; CHECK(read(sv[0], t, sizeof t));
    getfd[i] = t[0]; moveMount[i] = t[1];
    close(tree); CHECK(umount2(merged, 0));
  }
  for (int i = 0; i < N; i++) {
    int none = -1; CHECK(write(sv[0], &none, sizeof none)); long t[2]; CHECK(read(sv[0], t, sizeof t));
    spareMount[i] = t[0];
  }
  waitpid(child, NULL, 0);
  long ot = median(openTree), gf = median(getfd), mm = median(moveMount), hm = median(hostMount), sm = median(spareMount);
  printf("medians of %d, microseconds: host overlay mount %.1f; hand-off: open_tree %.1f + pidfd_getfd %.1f + move_mount %.1f = %.1f; overlay mount in the spare %.1f\n",
         N, hm / 1e3, ot / 1e3, gf / 1e3, mm / 1e3, (ot + gf + mm) / 1e3, sm / 1e3);
  return 0;
}
