// Guests that try to make the supervisor hold or write without bound (SupervisorBoundsTests).
//
//   supervisor_flood smaps MAPPINGS OPENS HOLD_MS [path]
//       makes MAPPINGS separate mappings (so /proc/self/smaps is large), then opens
//       /proc/self/smaps up to OPENS times, holding every descriptor, and sleeps HOLD_MS with them
//       open. Prints `size=BYTES` (of the first file), `opened=N stop=ERRNAME|none`, then closes
//       everything and prints `reopen=ok|ERRNAME` for one more open. With `path`, each file is
//       held only by an O_PATH reopen through /proc/self/fd/N (the read-only descriptor closed).
//   supervisor_flood deny N
//       makes N denied calls (ptrace(PTRACE_TRACEME)); prints `denied=N errno=ERRNAME` when every
//       one failed with the same errno.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const char *errname(int e) {
    switch (e) {
    case 0: return "none";
    case ENOMEM: return "ENOMEM";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case EPERM: return "EPERM";
    case ENOSYS: return "ENOSYS";
    case EACCES: return "EACCES";
    default: return strerror(e);
    }
}

static int smaps(int mappings, int opens, int holdMillis, int pathOnly) {
    // Neighbours alternate in protection so the kernel cannot merge them into one entry.
    for (int i = 0; i < mappings; i++) {
        if (mmap(NULL, 4096, i % 2 ? PROT_READ : PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED) {
            fprintf(stderr, "mmap %d: %s\n", i, strerror(errno));
            break;
        }
    }
    int *fds = calloc((size_t)opens, sizeof(int));
    int opened = 0, stop = 0;
    for (; opened < opens; opened++) {
        fds[opened] = open("/proc/self/smaps", O_RDONLY);
        if (fds[opened] < 0) { stop = errno; break; }
        if (opened == 0) {
            // Its size by reading it (a /proc file has no end to seek to), then back to the start.
            long long size = 0;
            char chunk[65536];
            for (ssize_t n; (n = read(fds[0], chunk, sizeof chunk)) > 0;) size += n;
            lseek(fds[0], 0, SEEK_SET);
            printf("size=%lld\n", size);
        }
        if (pathOnly) {
            char link[64];
            snprintf(link, sizeof link, "/proc/self/fd/%d", fds[opened]);
            int path = open(link, O_PATH);
            close(fds[opened]);
            if (path < 0) { stop = errno; break; }
            fds[opened] = path;
        }
    }
    printf("opened=%d stop=%s\n", opened, errname(stop));
    fflush(stdout);
    struct timespec hold = { holdMillis / 1000, (holdMillis % 1000) * 1000000L };
    nanosleep(&hold, NULL);
    for (int i = 0; i < opened; i++) close(fds[i]);
    int again = open("/proc/self/smaps", O_RDONLY);
    printf("reopen=%s\n", again >= 0 ? "ok" : errname(errno));
    return 0;
}

static int deny(long count) {
    long denied = 0;
    int firstErrno = 0;
    for (long i = 0; i < count; i++) {
        if (syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0) == -1) {
            if (denied == 0) firstErrno = errno;
            if (errno == firstErrno) denied++;
        }
    }
    printf("denied=%ld errno=%s\n", denied, errname(firstErrno));
    return 0;
}

int main(int argc, char **argv) {
    if ((argc == 5 || argc == 6) && strcmp(argv[1], "smaps") == 0)
        return smaps(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), argc == 6 && strcmp(argv[5], "path") == 0);
    if (argc == 3 && strcmp(argv[1], "deny") == 0) return deny(atol(argv[2]));
    fprintf(stderr, "usage: supervisor_flood smaps MAPPINGS OPENS HOLD_MS [path] | deny N\n");
    return 2;
}
