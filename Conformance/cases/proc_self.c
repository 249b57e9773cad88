// syscalls: openat read readlink readlinkat getdents64 newfstatat statx lstat stat execve prctl
// expect: same
/* The calling process as /proc shows it: /proc/self and /proc/thread-self, stat, status, statm,
 * cmdline, environ, comm, exe, cwd, root, fd/, fdinfo/, maps, smaps_rollup, limits, cgroup,
 * mountinfo, mounts and task/<tid>/. Only structure and relations are printed (fields present,
 * counts that do not depend on the host, "field 1 == getpid()"), never a pid, address or size.
 * The second half runs after re-executing itself through /proc/self/exe with extra arguments and
 * an environment variable it set, to check cmdline, environ and exe of a fresh image. */
#include "common.h"
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

extern char **environ;
int main(int argc, char **argv);

#define MARKER_NAME "PROC_SELF_MARKER"
#define MARKER_VALUE "conformance-marker-7f3a"

/* Whole file into buf (NUL-terminated); length or -1 with errno. procfs sizes are 0: read to EOF. */
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

/* The value after "Key:" in a status-like file (leading blanks skipped, up to the newline). */
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

/* /proc/.../stat split into fields 1..n (field 2 is the comm without parentheses). */
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

static int all_digits(const char *s) {
    if (!*s) return 0;
    for (; *s; s++) if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

/* The entries of a directory, numerically where they are numbers; returns the count. */
static int list_dir(const char *path, char names[][32], int max, int *dirfd_out) {
    DIR *d = opendir(path);
    if (!d) return -1;
    if (dirfd_out) *dirfd_out = dirfd(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < max) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(names[n++], 32, "%s", e->d_name);
    }
    closedir(d);
    return n;
}

static int cmp_num(const void *a, const void *b) { return atoi(a) - atoi(b); }

static int matches_pipe(const char *link, unsigned long *ino) {
    char tail;
    return sscanf(link, "pipe:[%lu]%c", ino, &tail) == 1;
}

/* ---- threads ---- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int worker_ready, worker_done;
static pid_t worker_tid;
static char thread_self_link[128], self_link_in_thread[64];

static void *worker(void *arg) {
    (void)arg;
    prctl(PR_SET_NAME, "conf-worker");
    readlink_str("/proc/thread-self", thread_self_link, sizeof thread_self_link);
    readlink_str("/proc/self", self_link_in_thread, sizeof self_link_in_thread);
    pthread_mutex_lock(&lock);
    worker_tid = syscall(SYS_gettid);
    worker_ready = 1;
    pthread_cond_broadcast(&cond);
    while (!worker_done) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void threads_section(void) {
    static char names[64][32];
    char path[128], want[128], buf[4096], v[128];
    pid_t pid = getpid();
    int n = list_dir("/proc/self/task", names, 64, NULL);
    snprintf(want, sizeof want, "%d", pid);
    FACT("task/ lists only the main thread", n == 1 && !strcmp(names[0], want));

    pthread_t t;
    if (pthread_create(&t, NULL, worker, NULL) != 0) { printf("setup failed: pthread_create\n"); exit(99); }
    pthread_mutex_lock(&lock);
    while (!worker_ready) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);

    n = list_dir("/proc/self/task", names, 64, NULL);
    int has_main = 0, has_worker = 0;
    for (int i = 0; i < n; i++) {
        has_main |= atoi(names[i]) == pid;
        has_worker |= atoi(names[i]) == worker_tid;
    }
    FACT("task/ lists two threads", n == 2);
    FACT("task/ lists main and worker tids", has_main && has_worker);
    snprintf(want, sizeof want, "%d/task/%d", pid, worker_tid);
    FACT("thread-self in the worker is <pid>/task/<tid>", !strcmp(thread_self_link, want));
    snprintf(want, sizeof want, "%d", pid);
    FACT("self in the worker is the tgid", !strcmp(self_link_in_thread, want));

    struct statline s;
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", worker_tid);
    int ok = parse_stat(path, &s) == 0;
    FACT("task/<tid>/stat parses", ok);
    FACT("task/<tid>/stat field 1 == tid", ok && num(s.f[1]) == worker_tid);
    FACT("task/<tid>/stat comm is the thread name", ok && !strcmp(s.comm, "conf-worker"));
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", worker_tid);
    FACT("task/<tid>/comm is the thread name", slurp(path, buf, sizeof buf) >= 0 && !strcmp(buf, "conf-worker\n"));
    snprintf(path, sizeof path, "/proc/self/task/%d/status", worker_tid);
    ok = slurp(path, buf, sizeof buf) >= 0;
    FACT("task/<tid>/status Pid == tid", ok && field(buf, "Pid", v, sizeof v) && atoi(v) == worker_tid);
    FACT("task/<tid>/status Tgid == pid", ok && field(buf, "Tgid", v, sizeof v) && atoi(v) == pid);
    ok = slurp("/proc/self/status", buf, sizeof buf) >= 0;
    FACT("status Threads == 2 with the worker running", ok && field(buf, "Threads", v, sizeof v) && atoi(v) == 2);
    ok = parse_stat("/proc/self/stat", &s) == 0;
    FACT("stat num_threads (field 20) == 2", ok && s.n >= 20 && num(s.f[20]) == 2);
    snprintf(path, sizeof path, "/proc/self/task/%d/fd", worker_tid);
    n = list_dir(path, names, 64, NULL);
    FACT("task/<tid>/fd lists the shared fds", n >= 3);

    pthread_mutex_lock(&lock);
    worker_done = 1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    pthread_join(t, NULL);
}

/* ---- before the re-exec ---- */

static void links_section(const char *argv0) {
    struct stat st, st2;
    char link[4096], want[64];
    MUST(lstat("/proc/self", &st));
    FACT("/proc/self is a symlink", S_ISLNK(st.st_mode));
    snprintf(want, sizeof want, "%d", getpid());
    FACT("/proc/self -> <pid>", readlink_str("/proc/self", link, sizeof link) == 0 && !strcmp(link, want));
    REPORT("lstat /proc/thread-self", lstat("/proc/thread-self", &st));
    FACT("/proc/thread-self is a symlink", S_ISLNK(st.st_mode));
    snprintf(want, sizeof want, "%d/task/%d", getpid(), (int)syscall(SYS_gettid));
    FACT("/proc/thread-self -> <pid>/task/<tid>",
         readlink_str("/proc/thread-self", link, sizeof link) == 0 && !strcmp(link, want));
    REPORT("stat /proc/self", stat("/proc/self", &st));
    FACT("/proc/self resolves to a directory", S_ISDIR(st.st_mode));
    snprintf(link, sizeof link, "/proc/%d", getpid());
    FACT("/proc/<pid> is the same directory", stat(link, &st2) == 0 && st2.st_ino == st.st_ino && st2.st_dev == st.st_dev);

    FACT("exe -> the path it was exec'd by", readlink_str("/proc/self/exe", link, sizeof link) == 0 && !strcmp(link, argv0));
    FACT("exe is a symlink", lstat("/proc/self/exe", &st) == 0 && S_ISLNK(st.st_mode));
    FACT("stat exe == stat of the binary",
         stat("/proc/self/exe", &st) == 0 && stat(argv0, &st2) == 0 && st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
    FACT("root -> /", readlink_str("/proc/self/root", link, sizeof link) == 0 && !strcmp(link, "/"));
    char cwd[4096];
    FACT("cwd -> getcwd()", getcwd(cwd, sizeof cwd) && readlink_str("/proc/self/cwd", link, sizeof link) == 0 && !strcmp(link, cwd));
    MUST(chdir("/tmp"));
    FACT("cwd follows chdir(/tmp)", readlink_str("/proc/self/cwd", link, sizeof link) == 0 && !strcmp(link, "/tmp"));
    FACT("stat cwd == stat /tmp",
         stat("/proc/self/cwd", &st) == 0 && stat("/tmp", &st2) == 0 && st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
    MUST(chdir("/"));
    FACT("comm is the executable's name", slurp("/proc/self/comm", link, sizeof link) >= 0 && !strcmp(link, "proc_self\n"));
}

static void stat_section(void) {
    struct statline s;
    char buf[8192], v[256];
    int ok = parse_stat("/proc/self/stat", &s) == 0;
    FACT("stat parses", ok);
    printf("stat fields: %d\n", ok ? s.n : -1);
    FACT("stat field 1 == getpid()", ok && num(s.f[1]) == getpid());
    FACT("stat comm == comm file", ok && !strcmp(s.comm, "proc_self"));
    FACT("stat field 3 is R (reading itself)", ok && !strcmp(s.f[3], "R"));
    FACT("stat field 4 == getppid()", ok && num(s.f[4]) == getppid());
    FACT("stat field 5 == getpgrp()", ok && num(s.f[5]) == getpgrp());
    FACT("stat field 6 == getsid(0)", ok && num(s.f[6]) == getsid(0));
    FACT("stat num_threads (field 20) == 1", ok && s.n >= 20 && num(s.f[20]) == 1);
    int numeric = ok;
    for (int i = 4; ok && i <= s.n; i++) numeric &= (s.f[i][0] == '-' || isdigit((unsigned char)s.f[i][0]));
    FACT("stat fields 4.. are numbers", numeric);
    double up = -1;
    FACT("uptime readable", slurp("/proc/uptime", buf, sizeof buf) >= 0 && sscanf(buf, "%lf", &up) == 1);
    long hz = sysconf(_SC_CLK_TCK);
    FACT("starttime (field 22) <= uptime", ok && s.n >= 22 && strtod(s.f[22], NULL) / hz <= up + 0.01);
    FACT("vsize (field 23) > 0 and rss (field 24) > 0", ok && s.n >= 24 && strtoul(s.f[23], NULL, 10) > 0 && num(s.f[24]) > 0);

    ok = slurp("/proc/self/status", buf, sizeof buf) >= 0;
    FACT("status readable", ok);
    static const char *keys[] = {
        "Name", "Umask", "State", "Tgid", "Pid", "PPid", "TracerPid", "Uid", "Gid", "FDSize", "Groups",
        "VmPeak", "VmSize", "VmRSS", "VmData", "VmStk", "VmExe", "VmLib", "Threads",
        "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt", "CapEff", "Cpus_allowed", "Cpus_allowed_list",
        "voluntary_ctxt_switches", "nonvoluntary_ctxt_switches",
    };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        printf("status has %s: %s\n", keys[i], ok && field(buf, keys[i], v, sizeof v) ? "yes" : "no");
    FACT("status Name == comm", field(buf, "Name", v, sizeof v) && !strcmp(v, "proc_self"));
    FACT("status State is R (running)", field(buf, "State", v, sizeof v) && !strcmp(v, "R (running)"));
    FACT("status Pid == getpid()", field(buf, "Pid", v, sizeof v) && atoi(v) == getpid());
    FACT("status Tgid == getpid()", field(buf, "Tgid", v, sizeof v) && atoi(v) == getpid());
    FACT("status PPid == getppid()", field(buf, "PPid", v, sizeof v) && atoi(v) == getppid());
    FACT("status TracerPid == 0", field(buf, "TracerPid", v, sizeof v) && atoi(v) == 0);
    unsigned a, b, c, d;
    FACT("status Uid == real, effective, saved, fs uid",
         field(buf, "Uid", v, sizeof v) && sscanf(v, "%u %u %u %u", &a, &b, &c, &d) == 4 &&
         a == getuid() && b == geteuid() && c == geteuid() && d == geteuid());
    FACT("status Gid == real, effective, saved, fs gid",
         field(buf, "Gid", v, sizeof v) && sscanf(v, "%u %u %u %u", &a, &b, &c, &d) == 4 &&
         a == getgid() && b == getegid() && c == getegid() && d == getegid());
    char unit[8] = "";
    unsigned long rss = 0;
    FACT("status VmRSS is N kB, N > 0",
         field(buf, "VmRSS", v, sizeof v) && sscanf(v, "%lu %7s", &rss, unit) == 2 && rss > 0 && !strcmp(unit, "kB"));
    FACT("status Threads == 1", field(buf, "Threads", v, sizeof v) && atoi(v) == 1);
    mode_t mask = umask(0);
    umask(mask);
    FACT("status Umask == umask()", field(buf, "Umask", v, sizeof v) && strtoul(v, NULL, 8) == mask);

    unsigned long m[7];
    ok = slurp("/proc/self/statm", buf, sizeof buf) >= 0;
    int got = ok ? sscanf(buf, "%lu %lu %lu %lu %lu %lu %lu", m, m + 1, m + 2, m + 3, m + 4, m + 5, m + 6) : -1;
    printf("statm numbers: %d\n", got);
    FACT("statm size >= resident > 0", got == 7 && m[0] >= m[1] && m[1] > 0);
}

static void fd_section(void) {
    static char names[64][32];
    char link[4096], path[128], buf[4096], v[128];
    int dfd = -1;
    int n = list_dir("/proc/self/fd", names, 64, &dfd);
    qsort(names, n > 0 ? n : 0, 32, cmp_num);
    printf("fd entries:");
    for (int i = 0; i < n; i++) {
        if (atoi(names[i]) == dfd) printf(" D");
        else printf(" %s", names[i]);
    }
    printf("\n");
    struct stat st, st2;
    FACT("fd/0 is a symlink", lstat("/proc/self/fd/0", &st) == 0 && S_ISLNK(st.st_mode));
    REPORT("stat /proc/self/fd/0", stat("/proc/self/fd/0", &st));
    FACT("fd/0 -> /dev/null", readlink_str("/proc/self/fd/0", link, sizeof link) == 0 && !strcmp(link, "/dev/null"));
    FACT("stat fd/0 == fstat 0", fstat(0, &st2) == 0 && st.st_ino == st2.st_ino && st.st_dev == st2.st_dev && st.st_rdev == st2.st_rdev);
    unsigned long ino = 0, ino2 = 0;
    FACT("fd/1 -> pipe:[N]", readlink_str("/proc/self/fd/1", link, sizeof link) == 0 && matches_pipe(link, &ino));

    int p[2];
    MUST(pipe(p));
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
    int r0 = readlink_str(path, link, sizeof link) == 0 && matches_pipe(link, &ino);
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[1]);
    int r1 = readlink_str(path, link, sizeof link) == 0 && matches_pipe(link, &ino2);
    FACT("pipe ends -> pipe:[N]", r0 && r1);
    FACT("both ends name the same pipe", r0 && r1 && ino == ino2);
    FACT("pipe:[N] is the fstat inode", fstat(p[0], &st) == 0 && st.st_ino == ino);
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", p[1]);
    FACT("fdinfo of the write end says O_WRONLY",
         slurp(path, buf, sizeof buf) >= 0 && field(buf, "flags", v, sizeof v) && (strtoul(v, NULL, 8) & O_ACCMODE) == O_WRONLY);
    close(p[0]);
    close(p[1]);

    /* A regular file: the link names it, the magic link reopens it, fdinfo tracks its offset. */
    char dir[] = "/tmp/proc_self.XXXXXX";
    if (!mkdtemp(dir)) { printf("setup failed: mkdtemp: %s\n", errname(errno)); exit(99); }
    char file[64];
    snprintf(file, sizeof file, "%s/data", dir);
    int fd = open(file, O_CREAT | O_RDWR | O_TRUNC, 0600);
    MUST(fd);
    MUST(write(fd, "hello", 5));
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    FACT("fd/N -> the file's path", readlink_str(path, link, sizeof link) == 0 && !strcmp(link, file));
    FACT("stat fd/N == fstat N", stat(path, &st) == 0 && fstat(fd, &st2) == 0 && st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
    int again = open(path, O_RDONLY);
    FACT("open fd/N reopens the file", again >= 0 && read(again, link, sizeof link) == 5 && !memcmp(link, "hello", 5));
    if (again >= 0) close(again);
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    int ok = slurp(path, buf, sizeof buf) >= 0;
    FACT("fdinfo readable", ok);
    FACT("fdinfo pos == offset (5)", ok && field(buf, "pos", v, sizeof v) && atol(v) == 5);
    FACT("fdinfo flags say O_RDWR", ok && field(buf, "flags", v, sizeof v) && (strtoul(v, NULL, 8) & O_ACCMODE) == O_RDWR);
    FACT("fdinfo has mnt_id", ok && field(buf, "mnt_id", v, sizeof v) != NULL);
    MUST(unlink(file));
    char deleted[128];
    snprintf(deleted, sizeof deleted, "%s (deleted)", file);
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    FACT("fd/N of an unlinked file -> 'path (deleted)'", readlink_str(path, link, sizeof link) == 0 && !strcmp(link, deleted));
    again = open(path, O_RDONLY);
    FACT("open fd/N still reaches the unlinked file", again >= 0 && read(again, link, sizeof link) == 5);
    if (again >= 0) close(again);
    close(fd);
    MUST(rmdir(dir));
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    REPORT("readlink fd/N after close", readlink(path, link, sizeof link));
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    REPORT("open fdinfo/N after close", open(path, O_RDONLY));
}

static void maps_section(const char *argv0) {
    static char buf[1 << 20];
    char link[4096];
    int ok = slurp("/proc/self/maps", buf, sizeof buf) >= 0;
    FACT("maps readable", ok);
    int lines = 0, bad = 0, exe_lines = 0, exe_x = 0, stack = 0, vdso = 0, heap = 0, libc = 0, main_inside = 0;
    unsigned long main_addr = (unsigned long)&main;
    int have_exe = readlink_str("/proc/self/exe", link, sizeof link) == 0;
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        unsigned long start, end, off, inode;
        unsigned maj, min;
        char perms[8], pathname[4096] = "";
        int n = sscanf(line, "%lx-%lx %7s %lx %x:%x %lu %4095s", &start, &end, perms, &off, &maj, &min, &inode, pathname);
        lines++;
        if (n < 7 || start >= end || strlen(perms) != 4) { bad++; continue; }
        if (have_exe && !strcmp(pathname, argv0)) {
            exe_lines++;
            if (perms[2] == 'x') exe_x++;
            if (perms[2] == 'x' && start <= main_addr && main_addr < end) main_inside++;
        }
        stack |= !strcmp(pathname, "[stack]");
        vdso |= !strcmp(pathname, "[vdso]");
        heap |= !strcmp(pathname, "[heap]");
        size_t pl = strlen(pathname);
        libc |= pl > 10 && !strcmp(pathname + pl - 10, "/libc.so.6");
    }
    FACT("maps has lines", lines > 5);
    FACT("every maps line parses", ok && bad == 0);
    FACT("maps has the executable (by the path it was exec'd by)", exe_lines > 0);
    FACT("maps has an executable mapping of it", exe_x > 0);
    FACT("main() lies in that mapping", main_inside == 1);
    FACT("maps has [stack]", stack);
    FACT("maps has [vdso]", vdso);
    FACT("maps has [heap]", heap);
    FACT("maps has libc.so.6", libc);

    ok = slurp("/proc/self/smaps_rollup", buf, sizeof buf) >= 0;
    FACT("smaps_rollup readable", ok);
    FACT("smaps_rollup first line ends in [rollup]", ok && strstr(buf, "[rollup]") && strstr(buf, "[rollup]") < strchr(buf, '\n'));
    char v[128];
    FACT("smaps_rollup has Rss and Pss in kB",
         ok && field(buf, "Rss", v, sizeof v) && strstr(v, " kB") && field(buf, "Pss", v, sizeof v) && strstr(v, " kB"));
}

/* "unlimited" or a number, as /proc/self/limits prints a limit. */
static int same_limit(const char *text, rlim_t value) {
    if (!strcmp(text, "unlimited")) return value == RLIM_INFINITY;
    return value != RLIM_INFINITY && strtoull(text, NULL, 10) == value;
}

static void limits_section(void) {
    static char buf[8192];
    int ok = slurp("/proc/self/limits", buf, sizeof buf) >= 0;
    FACT("limits readable", ok);
    FACT("limits header starts with 'Limit'", ok && !strncmp(buf, "Limit ", 6) && strstr(buf, "Soft Limit") && strstr(buf, "Hard Limit"));
    static const struct { const char *name; int resource; } rows[] = {
        {"Max cpu time", RLIMIT_CPU}, {"Max file size", RLIMIT_FSIZE}, {"Max data size", RLIMIT_DATA},
        {"Max stack size", RLIMIT_STACK}, {"Max core file size", RLIMIT_CORE},
        {"Max processes", RLIMIT_NPROC}, {"Max open files", RLIMIT_NOFILE},
        {"Max address space", RLIMIT_AS},
    };
    int lines = 0;
    for (char *p = buf; ok && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) lines++;
    printf("limits lines: %d\n", lines);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        struct rlimit rl;
        MUST(getrlimit(rows[i].resource, &rl));
        char *p = ok ? strstr(buf, rows[i].name) : NULL;
        char soft[32] = "", hard[32] = "";
        int parsed = p && sscanf(p + 26, "%31s %31s", soft, hard) == 2;
        printf("limits '%s' == getrlimit: %s\n", rows[i].name,
               parsed && same_limit(soft, rl.rlim_cur) && same_limit(hard, rl.rlim_max) ? "yes" : "no");
    }
}

static void mounts_section(void) {
    static char buf[1 << 18], copy[1 << 18];
    int ok = slurp("/proc/self/mountinfo", buf, sizeof buf) >= 0;
    FACT("mountinfo readable", ok);
    int lines = 0, bad = 0, root = 0, proc = 0, dup_ids = 0;
    static int ids[4096];
    for (char *save, *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *sep = strstr(line, " - ");
        int fields = 0;
        char *f[32] = {0};
        for (char *s2, *t = strtok_r(line, " ", &s2); t && fields < 32; t = strtok_r(NULL, " ", &s2)) f[fields++] = t;
        if (!sep || fields < 10 || !all_digits(f[0]) || !all_digits(f[1]) || !strchr(f[2], ':') || f[4][0] != '/') { bad++; continue; }
        int id = atoi(f[0]);
        for (int i = 0; i < lines && i < 4096; i++) dup_ids += ids[i] == id;
        if (lines < 4096) ids[lines] = id;
        lines++;
        int dash = 0;
        while (dash < fields && strcmp(f[dash], "-")) dash++;
        const char *fstype = dash + 1 < fields ? f[dash + 1] : "";
        root |= !strcmp(f[4], "/");
        proc |= !strcmp(f[4], "/proc") && !strcmp(fstype, "proc");
    }
    FACT("mountinfo has lines", lines > 0);
    FACT("every mountinfo line has >= 10 fields and ' - '", ok && bad == 0);
    FACT("mountinfo mount ids unique", dup_ids == 0);
    FACT("mountinfo has /", root);
    FACT("mountinfo has /proc as proc", proc);

    struct stat st;
    char link[256];
    FACT("/proc/mounts is a symlink", lstat("/proc/mounts", &st) == 0 && S_ISLNK(st.st_mode));
    FACT("/proc/mounts -> self/mounts", readlink_str("/proc/mounts", link, sizeof link) == 0 && !strcmp(link, "self/mounts"));
    ok = slurp("/proc/self/mounts", buf, sizeof buf) >= 0;
    FACT("/proc/mounts reads like /proc/self/mounts",
         ok && slurp("/proc/mounts", copy, sizeof copy) >= 0 && !strcmp(copy, buf));
    int mlines = 0, mbad = 0, mproc = 0;
    for (char *save, *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char dev[256], dir[256], type[64], opts[512];
        int freq, pass;
        mlines++;
        if (sscanf(line, "%255s %255s %63s %511s %d %d", dev, dir, type, opts, &freq, &pass) != 6 || dir[0] != '/') { mbad++; continue; }
        mproc |= !strcmp(dir, "/proc") && !strcmp(type, "proc");
    }
    FACT("mounts: every line has 6 fields", ok && mlines > 0 && mbad == 0);
    FACT("mounts has as many lines as mountinfo", mlines == lines);
    FACT("mounts has /proc as proc", mproc);

    ok = slurp("/proc/self/cgroup", buf, sizeof buf) >= 0;
    FACT("cgroup readable", ok);
    int cbad = 0, unified = 0;
    for (char *save, *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c1 || !c2 || c2[1] != '/') { cbad++; continue; }
        unified |= !strncmp(line, "0::/", 4);
    }
    FACT("cgroup lines are N:controllers:/path", cbad == 0);
    FACT("cgroup has the unified 0::/ line", unified);
}

/* ---- after the re-exec through /proc/self/exe ---- */

static int child(int argc, char **argv) {
    static char buf[1 << 16];
    char link[4096];
    printf("-- after re-exec\n");
    FACT("exe -> the path it was exec'd by", readlink_str("/proc/self/exe", link, sizeof link) == 0 && !strcmp(link, argv[0]));
    /* execve names the task after the file name it was given: "exe" for /proc/self/exe. */
    printf("comm after execv(/proc/self/exe): %s", slurp("/proc/self/comm", link, sizeof link) >= 0 ? link : "unreadable\n");

    ssize_t n = slurp("/proc/self/cmdline", buf, sizeof buf);
    size_t want = 0;
    for (int i = 0; i < argc; i++) want += strlen(argv[i]) + 1;
    int same = n == (ssize_t)want;
    for (int i = 0, off = 0; same && i < argc; off += strlen(argv[i]) + 1, i++)
        same = !strcmp(buf + off, argv[i]);
    printf("argc: %d\n", argc);
    FACT("cmdline == argv, NUL-separated", same);

    n = slurp("/proc/self/environ", buf, sizeof buf);
    FACT("environ readable", n > 0);
    int entries = 0, marker = 0, path = 0;
    char want_path[4096];
    snprintf(want_path, sizeof want_path, "PATH=%s", getenv("PATH") ? getenv("PATH") : "");
    for (ssize_t off = 0; off < n; off += strlen(buf + off) + 1) {
        entries++;
        marker |= !strcmp(buf + off, MARKER_NAME "=" MARKER_VALUE);
        path |= !strcmp(buf + off, want_path);
    }
    int count = 0;
    for (char **e = environ; *e; e++) count++;
    FACT("environ has the variable set before exec", marker);
    FACT("environ has the inherited PATH", path);
    FACT("environ has as many entries as environ[]", entries == count);
    FACT("getenv sees the marker", getenv(MARKER_NAME) && !strcmp(getenv(MARKER_NAME), MARKER_VALUE));

    struct statline s;
    int ok = parse_stat("/proc/self/stat", &s) == 0;
    FACT("stat field 1 == getpid()", ok && num(s.f[1]) == getpid());
    FACT("stat field 4 == getppid()", ok && num(s.f[4]) == getppid());
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "--child")) return child(argc, argv);
    if (argv[0][0] != '/') { printf("setup failed: run me by absolute path\n"); return 99; }

    printf("-- links\n");
    links_section(argv[0]);
    printf("-- stat, status, statm\n");
    stat_section();
    printf("-- fd, fdinfo\n");
    fd_section();
    printf("-- maps\n");
    maps_section(argv[0]);
    printf("-- limits\n");
    limits_section();
    printf("-- mountinfo, mounts, cgroup\n");
    mounts_section();
    printf("-- task, thread-self\n");
    threads_section();

    MUST(setenv(MARKER_NAME, MARKER_VALUE, 1));
    fflush(stdout);
    char *args[] = {argv[0], "--child", "two words", "", "last", NULL};
    execv("/proc/self/exe", args);
    printf("execv /proc/self/exe: %s\n", errname(errno));
    fflush(stdout);
    execv(argv[0], args);
    printf("setup failed: execv: %s\n", errname(errno));
    return 99;
}
