// syscalls: chdir fchdir getcwd unshare umask openat mkdirat readlink newfstatat unlinkat clone futex
// expect: same
/* Threads share the working directory and umask (CLONE_FS) unless one unshares them: a chdir in
 * one thread moves the others' relative trapped opens and /proc/self/cwd; a thread that did
 * unshare(CLONE_FS) resolves relative names in its own directory, sees it in /proc/thread-self/cwd
 * (while /proc/self/cwd stays the main thread's) and keeps its own umask, which shows in the
 * modes of what it creates and in /proc/thread-self/status. A working directory removed by
 * another thread: relative creation fails, ".." still leads out, the link says (deleted). */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static char dir[64];
static int cmd[2], ack[2];
static pthread_t loner;
static pid_t loner_tid;

static const char *tail(const char *path) {
    static char out[4][128];
    static int k;
    char *o = out[k++ & 3];
    char t[512];
    ssize_t n = readlink(path, t, sizeof t - 1);
    if (n < 0) return errname(errno);
    t[n] = 0;
    if (!strncmp(t, dir, strlen(dir))) snprintf(o, 128, "<scratch>%s", t + strlen(dir));
    else snprintf(o, 128, "outside the scratch directory");
    return o;
}

static const char *content(const char *name) {
    static char buf[32];
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errname(errno);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    return buf;
}

static void put(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
}

static const char *umask_line(const char *file) {
    static char out[32];
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errname(errno);
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    char *u = strstr(buf, "Umask:");
    if (!u) return "none";
    sscanf(u, "Umask:\t%31s", out);
    return out;
}

static mode_t mode_of(const char *name) {
    struct stat st;
    return stat(name, &st) == 0 ? st.st_mode & 07777 : 0;
}

/* A thread that does what the main thread asks, one letter at a time. */
static void *sharer(void *arg) {
    (void)arg;
    char c;
    while (read(cmd[0], &c, 1) == 1) {
        if (c == 'c') chdir("sub");
        if (c == 'f') { int fd = open("t-file", O_CREAT | O_WRONLY | O_CLOEXEC, 0666); if (fd >= 0) close(fd); mkdir("t-dir", 0777); }
        if (c == 'r') { chdir("doomed"); }
        if (c == 'q') break;
        write(ack[1], "k", 1);
    }
    return NULL;
}

static pthread_barrier_t b1, b2;
static void *unsharer(void *arg) {
    (void)arg;
    loner_tid = (pid_t)syscall(SYS_gettid);
    int r = unshare(CLONE_FS);
    printf("loner: unshare(CLONE_FS): %s\n", r == 0 ? "ok" : errname(errno));
    char other[128];
    snprintf(other, sizeof other, "%s/other", dir);
    int cr = chdir(other);
    printf("loner: chdir(<scratch>/other): %s\n", cr == 0 ? "ok" : errname(errno));
    printf("loner: relative open reads: %s\n", content("marker"));
    printf("loner: /proc/thread-self/cwd: %s\n", tail("/proc/thread-self/cwd"));
    printf("loner: /proc/self/cwd: %s\n", tail("/proc/self/cwd"));
    char buf[512];
    printf("loner: getcwd is inside other: %s\n", getcwd(buf, sizeof buf) && strstr(buf, "/other") ? "yes" : "no");
    int fd = open("u-file", O_CREAT | O_WRONLY | O_CLOEXEC, 0666);   /* umask 022 kept from before */
    if (fd >= 0) close(fd);
    printf("loner: u-file mode %04o\n", mode_of("u-file"));
    umask(070);
    printf("loner: Umask in /proc/thread-self/status: %s\n", umask_line("/proc/thread-self/status"));
    fflush(stdout);
    pthread_barrier_wait(&b1);
    pthread_barrier_wait(&b2);              /* the main thread looks meanwhile */
    return NULL;
}

static void ask(char c) {
    char k;
    write(cmd[1], &c, 1);
    MUST(read(ack[0], &k, 1));
}

int main(void) {
    strcpy(dir, "/tmp/mt3-cwd-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    MUST(mkdir("sub", 0755));
    MUST(mkdir("other", 0755));
    MUST(mkdir("sub/doomed", 0755));
    put("marker", "top");
    put("sub/marker", "sub");
    put("other/marker", "other");
    umask(022);
    MUST(pipe2(cmd, O_CLOEXEC));
    MUST(pipe2(ack, O_CLOEXEC));
    pthread_t t;
    MUST(-(pthread_create(&t, NULL, sharer, NULL) != 0));

    printf("main: relative open reads: %s\n", content("marker"));
    ask('c');
    printf("after the thread's chdir(sub): main's relative open reads: %s\n", content("marker"));
    printf("after the thread's chdir(sub): /proc/self/cwd: %s\n", tail("/proc/self/cwd"));
    char buf[512];
    printf("after the thread's chdir(sub): main's getcwd ends in /sub: %s\n",
           getcwd(buf, sizeof buf) && strlen(buf) > 4 && !strcmp(buf + strlen(buf) - 4, "/sub") ? "yes" : "no");

    pthread_barrier_init(&b1, NULL, 2);
    pthread_barrier_init(&b2, NULL, 2);
    MUST(-(pthread_create(&loner, NULL, unsharer, NULL) != 0));
    pthread_barrier_wait(&b1);
    char p[64];
    snprintf(p, sizeof p, "/proc/self/task/%d/cwd", loner_tid);
    printf("main: the loner's /proc/self/task/<tid>/cwd: %s\n", tail(p));
    printf("main: relative open still reads: %s\n", content("marker"));
    umask(077);
    ask('f');
    printf("main: umask 077 set by main, t-file (created by the sharing thread) mode %04o, t-dir %04o\n",
           mode_of("t-file"), mode_of("t-dir"));
    printf("main: Umask in /proc/self/status: %s\n", umask_line("/proc/self/status"));
    pthread_barrier_wait(&b2);
    pthread_join(loner, NULL);
    int fd = open("m-file", O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
    if (fd >= 0) close(fd);
    printf("main: m-file mode %04o (the loner's umask did not reach main)\n", mode_of("m-file"));

    /* the working directory removed under the process */
    ask('r');
    printf("after the thread's chdir(doomed): /proc/self/cwd: %s\n", tail("/proc/self/cwd"));
    char doomed[128];
    snprintf(doomed, sizeof doomed, "%s/sub/doomed", dir);
    MUST(rmdir(doomed));
    REPORT("creating a file in the removed directory", open("new", O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
    errno = 0;
    char *g = getcwd(buf, sizeof buf);
    printf("getcwd in the removed directory: %s\n", g ? (g[0] == '/' ? "an absolute path" : "a relative text") : errname(errno));
    const char *l = tail("/proc/self/cwd");
    printf("/proc/self/cwd of the removed directory: %s\n", l);
    fd = open("..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat a, s;
    snprintf(doomed, sizeof doomed, "%s/sub", dir);
    printf("\"..\" from the removed directory is sub: %s\n",
           fd >= 0 && fstat(fd, &a) == 0 && stat(doomed, &s) == 0 && a.st_ino == s.st_ino ? "yes" : "no");
    if (fd >= 0) close(fd);
    write(cmd[1], "q", 1);
    pthread_join(t, NULL);

    MUST(chdir(dir));
    const char *names[] = { "marker", "sub/marker", "other/marker", "sub/t-file", "sub/m-file", "other/u-file" };
    for (int i = 0; i < 6; i++) unlink(names[i]);
    rmdir("sub/t-dir"); rmdir("sub"); rmdir("other");
    MUST(chdir("/"));
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
