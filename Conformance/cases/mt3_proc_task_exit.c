// syscalls: openat readlinkat getdents64 newfstatat prctl gettid clone exit futex
// expect: same
/* /proc/self/task/<tid> and the hidden /proc/<tid> of a non-main thread while it lives and after
 * it ends: its comm (set by prctl in the thread) shows in task/<tid>/comm and thread-self/comm;
 * /proc/<tid>/status names the process as Tgid; /proc lists only processes, not the tid. After
 * the thread exits, paths under it are ENOENT, and a directory descriptor held on it finds
 * nothing under it and lists nothing. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static pid_t tid;
static int go[2], ready[2];
static char thread_self_comm[32];

static void *worker(void *arg) {
    (void)arg;
    tid = (pid_t)syscall(SYS_gettid);
    prctl(PR_SET_NAME, "task-worker");
    int fd = open("/proc/thread-self/comm", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) { ssize_t n = read(fd, thread_self_comm, sizeof thread_self_comm - 1); if (n > 0) thread_self_comm[n - 1] = 0; close(fd); }
    write(ready[1], "r", 1);
    char b;
    read(go[0], &b, 1);
    return NULL;
}

static const char *text_of(int dirfd, const char *path) {
    static char buf[4096];
    int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errname(errno);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0) return errname(errno);
    buf[n] = 0;
    if (n && buf[n - 1] == '\n') buf[n - 1] = 0;
    return buf;
}

static int status_num(const char *text, const char *key) {
    const char *l = strstr(text, key);
    return l ? atoi(l + strlen(key)) : -1;
}

static int listed_in_proc(pid_t id) {
    DIR *d = opendir("/proc");
    if (!d) return -1;
    char want[16];
    snprintf(want, sizeof want, "%d", id);
    int found = 0;
    struct dirent *e;
    while ((e = readdir(d))) if (!strcmp(e->d_name, want)) found = 1;
    closedir(d);
    return found;
}

static int entries(int dfd) {
    lseek(dfd, 0, SEEK_SET);
    char buf[4096];
    long r = syscall(SYS_getdents64, dfd, buf, sizeof buf);
    if (r < 0) return -errno;
    int n = 0;
    for (long off = 0; off < r; off += *(unsigned short *)(buf + off + 16)) n++;
    return n;
}

int main(void) {
    MUST(pipe2(go, O_CLOEXEC));
    MUST(pipe2(ready, O_CLOEXEC));
    pthread_t t;
    MUST(-(pthread_create(&t, NULL, worker, NULL) != 0));
    char b;
    MUST(read(ready[0], &b, 1));
    char p[96];
    printf("thread-self/comm in the thread: %s\n", thread_self_comm);
    snprintf(p, sizeof p, "/proc/self/task/%d/comm", tid);
    printf("task/<tid>/comm from main: %s\n", text_of(AT_FDCWD, p));
    printf("/proc/self/comm (main): %s\n", text_of(AT_FDCWD, "/proc/self/comm"));
    snprintf(p, sizeof p, "/proc/%d/status", tid);
    const char *s = text_of(AT_FDCWD, p);
    printf("/proc/<tid>/status: Tgid is this process: %s, Pid is the tid: %s\n",
           status_num(s, "Tgid:") == getpid() ? "yes" : "no", status_num(s, "\nPid:") == tid ? "yes" : "no");
    printf("/proc lists the tid: %s; lists this process: %s\n", listed_in_proc(tid) ? "yes" : "no",
           listed_in_proc(getpid()) ? "yes" : "no");
    snprintf(p, sizeof p, "/proc/self/task/%d", tid);
    int held = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    MUST(held);
    snprintf(p, sizeof p, "/proc/%d", tid);
    int held_hidden = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    MUST(held_hidden);
    printf("held task dir: comm %s, entries listed: %s\n", text_of(held, "comm"), entries(held) > 2 ? "some" : "none");
    struct stat st;
    printf("held /proc/<tid>: has task/: %s\n", fstatat(held_hidden, "task", &st, 0) == 0 ? "yes" : errname(errno));

    write(go[1], "g", 1);
    pthread_join(t, NULL);
    /* join returns when the thread's tid is cleared, a moment before the kernel releases it */
    snprintf(p, sizeof p, "/proc/self/task/%d", tid);
    for (int i = 0; i < 5000 && stat(p, &st) == 0; i++) usleep(1000);
    snprintf(p, sizeof p, "/proc/self/task/%d/comm", tid);
    printf("after exit: task/<tid>/comm: %s\n", text_of(AT_FDCWD, p));
    snprintf(p, sizeof p, "/proc/self/task/%d", tid);
    printf("after exit: stat task/<tid>: %s\n", stat(p, &st) == 0 ? "ok" : errname(errno));
    snprintf(p, sizeof p, "/proc/%d/status", tid);
    printf("after exit: /proc/<tid>/status: %s\n", text_of(AT_FDCWD, p)[0] == 'E' ? text_of(AT_FDCWD, p) : "text");
    printf("after exit: held task dir: comm %s\n", text_of(held, "comm"));
    int n = entries(held);
    printf("after exit: held task dir lists: %s\n", n < 0 ? errname(-n) : n == 0 ? "nothing" : n <= 2 ? "only . and .." : "entries");
    char t2[64];
    ssize_t l = readlinkat(held, "cwd", t2, sizeof t2);
    printf("after exit: held task dir cwd link: %s\n", l >= 0 ? "ok" : errname(errno));
    printf("after exit: held /proc/<tid>: status %s\n", text_of(held_hidden, "status")[0] == 'E' ? text_of(held_hidden, "status") : "text");
    close(held);
    close(held_hidden);
    return 0;
}
