// syscalls: openat pread64 lseek read getdents64 prctl clone wait4 waitid
// expect: differs (files of the synthetic /proc are snapshots taken at open)
// expect-sandbox: stat after 3 threads: num_threads 1
// expect-sandbox: comm after PR_SET_NAME: mt3_proc_held_f
/* /proc files kept open while the process changes, then read again from offset 0 (pread, or
 * lseek + read): Linux generates a /proc file's text at read time, so the second read shows the
 * change: more threads in status and stat, a new name in comm, a child turned zombie. Held
 * directory descriptors of /proc/self/task and /proc/self/fd list the current entries after a
 * rewind. */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static int hold[2];

static void *sleeper(void *arg) {
    (void)arg;
    char b;
    read(hold[0], &b, 1);
    return NULL;
}

static void field(const char *label, int fd, const char *name, int use_pread) {
    char buf[8192];
    ssize_t n;
    if (use_pread) n = pread(fd, buf, sizeof buf - 1, 0);
    else { lseek(fd, 0, SEEK_SET); n = read(fd, buf, sizeof buf - 1); }
    if (n < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    buf[n] = 0;
    char *l = strstr(buf, name);
    if (!l) { printf("%s: no %s\n", label, name); return; }
    char *e = strchr(l, '\n');
    if (e) *e = 0;
    printf("%s: %s\n", label, l);
}

static int stat_threads(int fd) {
    char buf[1024];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    int threads = -1;
    char *tok = strtok(p + 2, " ");
    for (int i = 1; tok && i <= 18; i++) { if (i == 18) threads = atoi(tok); tok = strtok(NULL, " "); }
    return threads;
}

static const char *comm(int fd) {
    static char buf[32];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n < 0) return errname(errno);
    buf[n] = 0;
    if (n && buf[n - 1] == '\n') buf[n - 1] = 0;
    return buf;
}

static int count(int dfd) {
    lseek(dfd, 0, SEEK_SET);
    char buf[4096];
    int n = 0;
    long r;
    while ((r = syscall(SYS_getdents64, dfd, buf, sizeof buf)) > 0)
        for (long off = 0; off < r;) {
            if (buf[off + 19] != '.') n++;
            off += *(unsigned short *)(buf + off + 16);
        }
    return n;
}

int main(void) {
    MUST(pipe2(hold, O_CLOEXEC));
    int status = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    int stat = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    int cm = open("/proc/self/comm", O_RDONLY | O_CLOEXEC);
    int task = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int fds = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    MUST(status); MUST(stat); MUST(cm); MUST(task); MUST(fds);
    field("status before", status, "Threads:", 0);
    printf("stat before: num_threads %d\n", stat_threads(stat));
    printf("comm before: %s\n", comm(cm));
    int fds_before = count(fds);
    printf("task entries before: %d\n", count(task));

    pthread_t t[3];
    for (int i = 0; i < 3; i++) MUST(-(pthread_create(&t[i], NULL, sleeper, NULL) != 0));
    prctl(PR_SET_NAME, "held-renamed");
    int extra = open("/dev/null", O_RDONLY | O_CLOEXEC);
    field("status after 3 threads, lseek+read", status, "Threads:", 0);
    field("status after 3 threads, pread", status, "Threads:", 1);
    printf("stat after 3 threads: num_threads %d\n", stat_threads(stat));
    printf("comm after PR_SET_NAME: %s\n", comm(cm));
    printf("task entries after 3 threads: %d\n", count(task));
    printf("fd entries after one more open: %+d\n", count(fds) - fds_before);

    /* a reread of the same descriptor by another thread sees the same */
    close(hold[1]);
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    field("status after the threads ended", status, "Threads:", 1);
    printf("task entries after the threads ended: %d\n", count(task));
    close(extra);

    /* a child's status held open while it turns zombie */
    int go[2];
    MUST(pipe2(go, O_CLOEXEC));
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) { close(go[1]); char b; read(go[0], &b, 1); _exit(0); }
    close(go[0]);
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/status", c);
    int cs = open(p, O_RDONLY | O_CLOEXEC);
    MUST(cs);
    close(go[1]);
    siginfo_t si;
    MUST(waitid(P_PID, c, &si, WEXITED | WNOWAIT));
    field("child's held status once a zombie", cs, "State:", 1);
    int st;
    MUST(waitpid(c, &st, 0));
    char buf[64];
    ssize_t n = pread(cs, buf, sizeof buf, 0);
    printf("child's held status once reaped: %s\n", n < 0 ? errname(errno) : n == 0 ? "empty" : "text");
    close(cs);
    close(status); close(stat); close(cm); close(task); close(fds);
    return 0;
}
