// syscalls: openat read readlink getdents64 newfstatat execve setsid wait4 kill
// expect: same
// normalize: other process's environ:
// expect-sandbox: other process's environ: EACCES
/* Another process of the sandbox as /proc shows it: the case forks a child that starts its own
 * session, moves to /tmp and re-executes itself with extra arguments, then blocks on a pipe. The
 * parent finds it in /proc and checks /proc/<child>/{stat,status,cmdline,comm,exe,cwd,root,fd,
 * maps,task} against what it knows, watches it turn into a zombie, and checks it is gone once
 * reaped. Only relations are printed, never a pid.
 * By design the sandbox lets a process read only its own environ (natively root, or the same
 * uid, may read the child's): that one line is normalized and must say EACCES in the sandbox. */
#include "common.h"
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#define CHILD_FD 10
#define READY_FD 11

static ssize_t slurp(const char *path, char *buf, size_t size) {
    buf[0] = 0;  /* callers parse an empty text after a failure */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, size - 1 - n);
        if (r < 0) { int e = errno; close(fd); errno = e; return -1; }
        if (r == 0 || n + r >= size - 1) { n += r; break; }
        n += r;
    }
    close(fd);
    buf[n] = 0;
    return (ssize_t)n;
}

static int readlink_str(const char *path, char *out, size_t size) {
    ssize_t n = readlink(path, out, size - 1);
    if (n < 0) { out[0] = 0; return -1; }
    out[n] = 0;
    return 0;
}

static const char *field(const char *text, const char *key, char *out, size_t size) {
    size_t k = strlen(key);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, key, k) == 0 && p[k] == ':') {
            p += k + 1;
            while (*p == ' ' || *p == '\t') p++;
            size_t n = strcspn(p, "\n");
            if (n >= size) n = size - 1;
            memcpy(out, p, n);
            out[n] = 0;
            return out;
        }
    }
    return NULL;
}

struct statline { int n; char comm[64]; char *f[64]; char buf[4096]; };

static int parse_stat(const char *path, struct statline *s) {
    memset(s, 0, sizeof *s);
    if (slurp(path, s->buf, sizeof s->buf) < 0) return -1;
    char *open_paren = strchr(s->buf, '('), *close_paren = strrchr(s->buf, ')');
    if (!open_paren || !close_paren || close_paren < open_paren) return -1;
    size_t cl = close_paren - open_paren - 1;
    if (cl >= sizeof s->comm) cl = sizeof s->comm - 1;
    memcpy(s->comm, open_paren + 1, cl);
    *open_paren = 0;
    s->f[1] = strtok(s->buf, " ");
    s->f[2] = s->comm;
    s->n = 2;
    for (char *t = strtok(close_paren + 1, " \n"); t && s->n < 63; t = strtok(NULL, " \n"))
        s->f[++s->n] = t;
    return 0;
}

static long num(const char *s) { return s ? strtol(s, NULL, 10) : -1; }

/* Whether /proc lists `pid`; also whether every entry is a number or a known name. */
static int proc_lists(pid_t pid, int *self, int *thread_self) {
    DIR *d = opendir("/proc");
    if (!d) return -1;
    char want[32];
    snprintf(want, sizeof want, "%d", pid);
    int found = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        found |= !strcmp(e->d_name, want);
        if (self) *self |= !strcmp(e->d_name, "self") && e->d_type == DT_LNK;
        if (thread_self) *thread_self |= !strcmp(e->d_name, "thread-self") && e->d_type == DT_LNK;
    }
    closedir(d);
    return found;
}

/* Polls /proc/<pid>/stat until its state letter is `state` (up to 10 s). */
static int wait_state(pid_t pid, const char *state) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    for (int i = 0; i < 1000; i++) {
        struct statline s;
        if (parse_stat(path, &s) == 0 && s.n >= 3 && !strcmp(s.f[3], state)) return 1;
        usleep(10000);
    }
    return 0;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pid_t parked_tid;
static int release;

static void *parked(void *arg) {
    pthread_mutex_lock(&lock);
    parked_tid = syscall(SYS_gettid);
    pthread_cond_broadcast(&cond);
    while (!release) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    return arg;
}

static int child_main(void) {
    char c = 'r';
    if (write(READY_FD, &c, 1) != 1) return 9;  /* exec'd: the parent may look now */
    close(READY_FD);
    ssize_t n = read(CHILD_FD, &c, 1);  /* blocks until the parent has looked */
    return n == 1 ? 7 : 8;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "--sleeper")) return child_main();
    if (argv[0][0] != '/') { printf("setup failed: run me by absolute path\n"); return 99; }

    int self = 0, thread_self = 0;
    FACT("/proc lists self (a symlink)", proc_lists(getpid(), &self, &thread_self) == 1 && self);
    FACT("/proc lists thread-self (a symlink)", thread_self);
    FACT("/proc lists this process", proc_lists(getpid(), NULL, NULL) == 1);
    struct statline me;
    MUST(parse_stat("/proc/self/stat", &me));

    int p[2], ready[2];
    MUST(pipe2(p, O_CLOEXEC));
    MUST(pipe2(ready, O_CLOEXEC));
    fflush(stdout);
    pid_t child = fork();
    MUST(child);
    if (child == 0) {
        if (setsid() < 0 || chdir("/tmp") < 0 || dup2(p[0], CHILD_FD) < 0 || dup2(ready[1], READY_FD) < 0)
            _exit(98);
        char *args[] = {argv[0], "--sleeper", "arg with spaces", NULL};
        execv(argv[0], args);
        _exit(97);
    }
    close(p[0]);
    close(ready[1]);
    char c;
    if (read(ready[0], &c, 1) != 1) { printf("setup failed: the child did not start\n"); return 99; }
    close(ready[0]);

    char path[128], buf[1 << 16], v[256], link[4096];
    FACT("child reaches the read (state S)", wait_state(child, "S"));
    FACT("/proc lists the child", proc_lists(child, NULL, NULL) == 1);

    struct statline s;
    snprintf(path, sizeof path, "/proc/%d/stat", child);
    int ok = parse_stat(path, &s) == 0;
    FACT("child stat parses", ok);
    printf("child stat fields: %d\n", ok ? s.n : -1);
    FACT("child stat field 1 == fork()'s pid", ok && num(s.f[1]) == child);
    FACT("child stat comm is the executable's name", ok && !strcmp(s.comm, "proc_pid"));
    FACT("child stat field 4 == getpid()", ok && num(s.f[4]) == getpid());
    FACT("child stat pgrp (field 5) == child (setsid)", ok && num(s.f[5]) == child);
    FACT("child stat session (field 6) == child (setsid)", ok && num(s.f[6]) == child);
    FACT("getsid(child) == child", getsid(child) == child);
    FACT("child starttime >= parent starttime", ok && s.n >= 22 && me.n >= 22 && strtoull(s.f[22], NULL, 10) >= strtoull(me.f[22], NULL, 10));

    snprintf(path, sizeof path, "/proc/%d/status", child);
    ok = slurp(path, buf, sizeof buf) >= 0;
    FACT("child status readable", ok);
    FACT("child status Name", ok && field(buf, "Name", v, sizeof v) && !strcmp(v, "proc_pid"));
    FACT("child status State is S (sleeping)", ok && field(buf, "State", v, sizeof v) && !strcmp(v, "S (sleeping)"));
    FACT("child status Pid == child", ok && field(buf, "Pid", v, sizeof v) && atoi(v) == child);
    FACT("child status Tgid == child", ok && field(buf, "Tgid", v, sizeof v) && atoi(v) == child);
    FACT("child status PPid == getpid()", ok && field(buf, "PPid", v, sizeof v) && atoi(v) == getpid());
    FACT("child status Uid == getuid()", ok && field(buf, "Uid", v, sizeof v) && (unsigned)atoi(v) == getuid());

    snprintf(path, sizeof path, "/proc/%d/statm", child);
    unsigned long m[7];
    FACT("child statm has 7 numbers", slurp(path, buf, sizeof buf) >= 0 &&
         sscanf(buf, "%lu %lu %lu %lu %lu %lu %lu", m, m + 1, m + 2, m + 3, m + 4, m + 5, m + 6) == 7);

    snprintf(path, sizeof path, "/proc/%d/cmdline", child);
    static const char want_cmdline_tail[] = "--sleeper\0arg with spaces";
    ssize_t n = slurp(path, buf, sizeof buf);
    size_t a0 = strlen(argv[0]) + 1;
    FACT("child cmdline == its argv", n == (ssize_t)(a0 + sizeof want_cmdline_tail) && !strcmp(buf, argv[0]) &&
         !memcmp(buf + a0, want_cmdline_tail, sizeof want_cmdline_tail));
    snprintf(path, sizeof path, "/proc/%d/comm", child);
    FACT("child comm", slurp(path, buf, sizeof buf) >= 0 && !strcmp(buf, "proc_pid\n"));
    snprintf(path, sizeof path, "/proc/%d/exe", child);
    FACT("child exe -> the path it was exec'd by", readlink_str(path, link, sizeof link) == 0 && !strcmp(link, argv[0]));
    snprintf(path, sizeof path, "/proc/%d/cwd", child);
    FACT("child cwd -> /tmp", readlink_str(path, link, sizeof link) == 0 && !strcmp(link, "/tmp"));
    snprintf(path, sizeof path, "/proc/%d/root", child);
    FACT("child root -> /", readlink_str(path, link, sizeof link) == 0 && !strcmp(link, "/"));

    snprintf(path, sizeof path, "/proc/%d/fd", child);
    DIR *d = opendir(path);
    int fds[64], nfds = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) && nfds < 64)
        if (isdigit((unsigned char)e->d_name[0])) fds[nfds++] = atoi(e->d_name);
    if (d) closedir(d);
    int has[4] = {0};
    for (int i = 0; i < nfds; i++) {
        if (fds[i] <= 2) has[fds[i]] = 1;
        if (fds[i] == CHILD_FD) has[3] = 1;
    }
    printf("child fd count: %d\n", nfds);
    FACT("child fd lists 0 1 2 and the pipe", has[0] && has[1] && has[2] && has[3]);
    char mine[256];
    snprintf(path, sizeof path, "/proc/%d/fd/%d", child, CHILD_FD);
    int r1 = readlink_str(path, link, sizeof link);
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[1]);
    int r2 = readlink_str(path, mine, sizeof mine);
    FACT("child's pipe fd names the same pipe as ours", r1 == 0 && r2 == 0 && !strncmp(link, "pipe:[", 6) && !strcmp(link, mine));
    snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", child, CHILD_FD);
    FACT("child fdinfo says O_RDONLY", slurp(path, buf, sizeof buf) >= 0 && field(buf, "flags", v, sizeof v) &&
         (strtoul(v, NULL, 8) & O_ACCMODE) == O_RDONLY);

    snprintf(path, sizeof path, "/proc/%d/maps", child);
    ok = slurp(path, buf, sizeof buf) >= 0;
    FACT("child maps readable", ok);
    FACT("child maps has its executable", ok && strstr(buf, argv[0]) != NULL);
    FACT("child maps has [stack]", ok && strstr(buf, "[stack]") != NULL);

    snprintf(path, sizeof path, "/proc/%d/task", child);
    d = opendir(path);
    int tasks = 0, task_is_child = 0;
    while (d && (e = readdir(d))) {
        if (!isdigit((unsigned char)e->d_name[0])) continue;
        tasks++;
        task_is_child |= atoi(e->d_name) == child;
    }
    if (d) closedir(d);
    FACT("child task/ lists one thread, the child", tasks == 1 && task_is_child);
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", child, child);
    FACT("child task/<tid>/stat field 1 == child", parse_stat(path, &s) == 0 && num(s.f[1]) == child);
    snprintf(path, sizeof path, "/proc/%d/cgroup", child);
    FACT("child cgroup has 0::/", slurp(path, buf, sizeof buf) >= 0 && strstr(buf, "0::/") != NULL);
    snprintf(path, sizeof path, "/proc/%d/mountinfo", child);
    FACT("child mountinfo readable", slurp(path, buf, sizeof buf) > 0);

    snprintf(path, sizeof path, "/proc/%d/environ", child);
    REPORT("other process's environ", open(path, O_RDONLY));
    snprintf(path, sizeof path, "/proc/%d/environ", getpid());
    REPORT("own environ through /proc/<pid>", open(path, O_RDONLY));

    /* Wake it: it exits 7 and stays a zombie until reaped. */
    MUST(write(p[1], "x", 1));
    FACT("exited child is a zombie (state Z)", wait_state(child, "Z"));
    snprintf(path, sizeof path, "/proc/%d/status", child);
    FACT("zombie status State is Z (zombie)",
         slurp(path, buf, sizeof buf) >= 0 && field(buf, "State", v, sizeof v) && !strcmp(v, "Z (zombie)"));
    FACT("/proc still lists the zombie", proc_lists(child, NULL, NULL) == 1);
    int st;
    MUST(waitpid(child, &st, 0));
    FACT("child exited 7", WIFEXITED(st) && WEXITSTATUS(st) == 7);
    snprintf(path, sizeof path, "/proc/%d/stat", child);
    REPORT("open /proc/<reaped>/stat", open(path, O_RDONLY));
    snprintf(path, sizeof path, "/proc/%d", child);
    struct stat sb;
    REPORT("stat /proc/<reaped>", stat(path, &sb));
    FACT("/proc no longer lists it", proc_lists(child, NULL, NULL) == 0);
    REPORT("stat /proc/999999999", stat("/proc/999999999", &sb));
    REPORT("stat /proc/0", stat("/proc/0", &sb));
    REPORT("stat /proc/-1", stat("/proc/-1", &sb));

    snprintf(path, sizeof path, "/proc/%d/status", getpid());
    FACT("/proc/<pid>/status is our own", slurp(path, buf, sizeof buf) >= 0 && field(buf, "Pid", v, sizeof v) && atoi(v) == getpid());

    /* A thread is reachable as /proc/<tid> though /proc does not list it (Linux behaviour). */
    pthread_t t;
    if (pthread_create(&t, NULL, parked, NULL) != 0) { printf("setup failed: pthread_create\n"); return 99; }
    pthread_mutex_lock(&lock);
    while (!parked_tid) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    snprintf(path, sizeof path, "/proc/%d/status", parked_tid);
    ok = slurp(path, buf, sizeof buf) >= 0;
    FACT("/proc/<tid>/status is the thread's", ok && field(buf, "Pid", v, sizeof v) && atoi(v) == parked_tid);
    FACT("/proc/<tid>/status Tgid == getpid()", ok && field(buf, "Tgid", v, sizeof v) && atoi(v) == getpid());
    FACT("/proc does not list the thread", proc_lists(parked_tid, NULL, NULL) == 0);
    pthread_mutex_lock(&lock);
    release = 1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    pthread_join(t, NULL);
    return 0;
}
