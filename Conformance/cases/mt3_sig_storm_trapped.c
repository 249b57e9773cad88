// syscalls: openat newfstatat statx readlinkat getdents64 mkdirat unlinkat renameat symlinkat faccessat tgkill rt_sigaction clone futex
// expect: same
// normalize: EINTR from calls that never block:
/* Signals rain on threads (tgkill from another thread, handlers without SA_RESTART that make
 * trapped calls themselves) while they make trapped path calls that never block: open, stat,
 * statx, readlink, getdents64, mkdir, rename, symlink, unlink, access. None of them may fail with
 * anything but EINTR, and the files end as the threads left them. Counts only.
 * EINTR is retried and its line normalized: under seccomp user notification a signal that
 * arrives before the supervisor has received the call ends it with ERESTARTSYS (EINTR without
 * SA_RESTART) before it was made — a kernel property (Docs/conformance.md, known differences);
 * the retry shows that nothing was done twice or half. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define WORKERS 3
#define ROUNDS 400

static char dir[64];
static atomic_int failures, eintr, stop, handler_failures, handled, workers_ready;
static atomic_int handled_by[WORKERS];
static pid_t tids[WORKERS];
static __thread int my_id;
static char first_failure[128];

static void on_sig(int s) {
    (void)s;
    int saved = errno;
    int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    if (fd < 0) handler_failures++;
    else close(fd);
    struct stat st;
    if (stat(dir, &st) != 0) handler_failures++;
    handled++;
    handled_by[my_id]++;
    errno = saved;
}

/* A call retried while it fails with EINTR (counted). */
#define RETRY(expr) ({ long r_; while ((r_ = (long)(expr)) == -1 && errno == EINTR) eintr++; r_; })

static void fail(const char *what) {
    if (atomic_fetch_add(&failures, 1) == 0)
        snprintf(first_failure, sizeof first_failure, "%s: %s", what, errname(errno));
}

static void *worker(void *arg) {
    long id = (long)arg;
    my_id = (int)id;
    tids[id] = (pid_t)syscall(SYS_gettid);
    workers_ready++;
    char a[128], b[128], d[128], l[128], t[64];
    snprintf(a, sizeof a, "%s/w%ld-a", dir, id);
    snprintf(b, sizeof b, "%s/w%ld-b", dir, id);
    snprintf(d, sizeof d, "%s/w%ld-d", dir, id);
    snprintf(l, sizeof l, "%s/w%ld-l", dir, id);
    for (int r = 0; r < ROUNDS; r++) {
        int fd = RETRY(openat(AT_FDCWD, a, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600));
        if (fd < 0) { fail("openat O_CREAT"); continue; }
        close(fd);
        struct stat st;
        if (RETRY(stat(a, &st)) != 0) fail("stat");
        struct statx sx;
        if (RETRY(statx(AT_FDCWD, a, 0, STATX_BASIC_STATS, &sx)) != 0) fail("statx");
        if (RETRY(rename(a, b)) != 0) fail("rename");
        if (RETRY(symlink("w-target", l)) != 0) fail("symlink");
        if (RETRY(readlink(l, t, sizeof t)) != 8) fail("readlink");
        if (RETRY(mkdir(d, 0700)) != 0) fail("mkdir");
        if (RETRY(access(b, R_OK)) != 0) fail("access");
        int dfd = RETRY(open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (dfd < 0) fail("open dir");
        else {
            char buf[512];
            long n;
            while ((n = RETRY(syscall(SYS_getdents64, dfd, buf, sizeof buf))) > 0) {}
            if (n < 0) fail("getdents64");
            close(dfd);
        }
        if (RETRY(rmdir(d)) != 0) fail("rmdir");
        if (RETRY(unlink(l)) != 0) fail("unlink link");
        if (RETRY(unlink(b)) != 0) fail("unlink");
    }
    return NULL;
}

static void *storm(void *arg) {
    (void)arg;
    while (workers_ready < WORKERS) usleep(1000);
    pid_t pid = getpid();
    int sent[WORKERS] = {0};
    while (!stop) {
        /* one signal at a time per thread: the next once the last was handled */
        for (int i = 0; i < WORKERS; i++)
            if (handled_by[i] == sent[i] && syscall(SYS_tgkill, pid, tids[i], SIGUSR1) == 0) sent[i]++;
        usleep(100);
    }
    return NULL;
}

int main(void) {
    strcpy(dir, "/tmp/mt3-storm-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    struct sigaction sa = { .sa_handler = on_sig };
    MUST(sigaction(SIGUSR1, &sa, NULL));
    pthread_t w[WORKERS], s;
    for (long i = 0; i < WORKERS; i++) MUST(-(pthread_create(&w[i], NULL, worker, (void *)i) != 0));
    MUST(-(pthread_create(&s, NULL, storm, NULL) != 0));
    for (int i = 0; i < WORKERS; i++) pthread_join(w[i], NULL);
    stop = 1;
    pthread_join(s, NULL);
    printf("handlers ran: %s\n", handled > 0 ? "yes" : "no");
    printf("failed calls in the threads: %d%s%s\n", failures, failures ? ", first: " : "", first_failure);
    printf("EINTR from calls that never block: %s\n", eintr ? "yes" : "no");
    printf("failed calls in the handlers: %d\n", handler_failures);
    DIR *dd = opendir(dir);
    int left = 0;
    struct dirent *e;
    while ((e = readdir(dd))) if (e->d_name[0] != '.') left++;
    closedir(dd);
    printf("names left: %d\n", left);
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
