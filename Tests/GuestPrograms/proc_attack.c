// Break-out attempts against the guest's synthetic /proc, /sys and /dev (ProcfsAttackTests).
//
//   proc_attack MODE [ARGS...]
//
// MODE is one of
//   write                  writes, creations, removals and metadata changes under /proc
//   fd                     what a read-only descriptor of a /proc file allows (no writes, no chmod)
//   absent                 names that must not exist (host kernel files, ptrace-class files)
//   init                   what pid 1 (the launcher, outside the guest) shows and refuses
//   traverse               `..`, magic links, directory descriptors and cwd inside /proc
//   race N                 a thread flips a path buffer between an allowed /proc file and forbidden
//                          ones while the main thread opens it (O_RDONLY, O_PATH, chdir), N times
//   pids HOSTPID...        the sandbox's pid space; signals and ptrace-class calls on host pids
//   uring                  io_uring is denied, so it cannot open /proc behind the filter's back
//   abi                    open("/proc/kcore") through the i386 and x32 entry points
//   magic OUTPUT           reopening through /proc/self/fd/N never grants more than the guest has
//   stdin                  stdin is a host file the caller redirected in read-only: reopening it
//                          through /proc/self/fd/0 or /dev/stdin gives no write access
//   sysdev                 /sys and /dev: only the synthetic names, none writable
//   scan DUMP              every readable file under /proc and /sys, dumped into the file DUMP (in
//                          an output zone) for the test to search for host facts mechanically
//
// One line per attempt on stdout: `name: ok|ERRNAME|LEAK` (a few print a value instead); what a
// leak exposed follows on lines starting with two spaces. Counts and details go to stderr.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/io_uring.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

static const char *ename(int e) {
    const char *n = strerrorname_np(e);
    return n ? n : "E???";
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...) {
    static char bufs[16][PATH_MAX * 2];
    static int next;
    char *b = bufs[next++ % 16];
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, sizeof bufs[0], f, ap);
    va_end(ap);
    return b;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

// Sorted, comma-joined entry names (without . and ..) of DIRFD/PATH, or NULL with errno set.
static char *listing(int dirfd, const char *path) {
    int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return NULL;
    DIR *d = fdopendir(fd);
    if (!d) { int e = errno; close(fd); errno = e; return NULL; }
    size_t cap = 64, n = 0, len = 1;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (n == cap) names = realloc(names, (cap *= 2) * sizeof *names);
        names[n++] = strdup(e->d_name);
        len += strlen(e->d_name) + 1;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    char *s = malloc(len);
    s[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (i) strcat(s, ",");
        strcat(s, names[i]);
        free(names[i]);
    }
    free(names);
    return s;
}

// The whole content of DIRFD/PATH (at most CAP-1 bytes, NUL-terminated); length or -1 with errno.
static ssize_t slurp(int dirfd, const char *path, char *buf, size_t cap) {
    int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return -1;
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        if (n == 0 || (len += n) == cap - 1) break;
    }
    close(fd);
    buf[len] = 0;
    return len;
}

// Prints what a successful open exposed, so a leak shows its content in the test log.
static void dump(int fd) {
    char buf[160] = {0};
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n > 0) {
        for (ssize_t i = 0; i < n; i++) if (buf[i] == '\n' || buf[i] == 0) buf[i] = ' ';
        printf("  leaked content: %s\n", buf);
        return;
    }
    char *l = listing(fd, ".");
    if (l) printf("  leaked listing: %s\n", l);
    else printf("  opened (read: %s)\n", ename(errno));
    free(l);
}

// An open that must fail: errno name, or LEAK.
static void no_open(const char *name, int dirfd, const char *path, int flags) {
    int fd = openat(dirfd, path, flags | O_CLOEXEC, 0644);
    if (fd < 0) { printf("%s: %s\n", name, ename(errno)); return; }
    printf("%s: LEAK\n", name);
    dump(fd);
    close(fd);
}

// An open that may succeed (control lines).
static void may_open(const char *name, int dirfd, const char *path, int flags) {
    int fd = openat(dirfd, path, flags | O_CLOEXEC, 0644);
    printf("%s: %s\n", name, fd < 0 ? ename(errno) : "ok");
    if (fd >= 0) close(fd);
}

// An O_PATH open: it names an object and gives no access to it, so it may succeed where Linux lets
// it (O_PATH needs no permission on the object); reopening it through /proc/self/fd must then fail.
static void opath_open(const char *name, int dirfd, const char *path) {
    int fd = openat(dirfd, path, O_PATH | O_CLOEXEC);
    if (fd < 0) { printf("%s: %s\n", name, ename(errno)); return; }
    int r = open(fmt("/proc/self/fd/%d", fd), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (r < 0) printf("%s: ok\n", name);
    else { printf("%s: LEAK\n", name); dump(r); close(r); }
    close(fd);
}

// A call that must fail: errno name, or LEAK.
static void must_fail(const char *name, long r) {
    if (r < 0) printf("%s: %s\n", name, ename(errno));
    else printf("%s: LEAK\n", name);
}

static void result(const char *name, long r) {
    if (r < 0) printf("%s: %s\n", name, ename(errno));
    else printf("%s: ok\n", name);
}

// DIRFD/PATH must list exactly what GUEST_PATH lists in the guest's view.
static void same_listing(const char *name, int dirfd, const char *path, const char *guest_path) {
    char *a = listing(dirfd, path);
    if (!a) { printf("%s: %s\n", name, ename(errno)); return; }
    char *b = listing(AT_FDCWD, guest_path);
    if (b && !strcmp(a, b)) printf("%s: ok\n", name);
    else printf("%s: LEAK\n  listing: %s\n  expected (%s): %s\n", name, a, guest_path, b ? b : "?");
    free(a);
    free(b);
}

// ---------------------------------------------------------------------------------------------
// write: nothing under /proc can be written, created, removed or have its metadata changed.

static const char *write_targets[] = {
    "/proc/sys/kernel/hostname", "/proc/sys/vm/overcommit_memory", "/proc/sys/kernel/pid_max",
    "/proc/sys/fs/file-max", "/proc/sys/kernel/core_pattern", "/proc/sys/kernel/randomize_va_space",
    "/proc/sysrq-trigger",
    "/proc/self/attr/current", "/proc/self/uid_map", "/proc/self/gid_map", "/proc/self/setgroups",
    "/proc/self/coredump_filter", "/proc/self/clear_refs", "/proc/1/oom_score_adj", "/proc/1/comm",
};

static void mode_write(void) {
    char host_before[256] = "", overcommit_before[64] = "", comm_before[64] = "";
    slurp(AT_FDCWD, "/proc/sys/kernel/hostname", host_before, sizeof host_before);
    slurp(AT_FDCWD, "/proc/sys/vm/overcommit_memory", overcommit_before, sizeof overcommit_before);
    slurp(AT_FDCWD, "/proc/self/comm", comm_before, sizeof comm_before);
    may_open("control self-status rdonly", AT_FDCWD, "/proc/self/status", O_RDONLY);
    may_open("control sys-hostname rdonly", AT_FDCWD, "/proc/sys/kernel/hostname", O_RDONLY);
    static const struct { const char *name; int flags; } modes[] = {
        {"wronly", O_WRONLY}, {"rdwr", O_RDWR}, {"trunc", O_WRONLY | O_TRUNC}, {"rdonly-trunc", O_RDONLY | O_TRUNC},
        {"append", O_WRONLY | O_APPEND}, {"creat", O_WRONLY | O_CREAT},
    };
    for (size_t t = 0; t < sizeof write_targets / sizeof *write_targets; t++)
        for (size_t m = 0; m < sizeof modes / sizeof *modes; m++)
            no_open(fmt("w %s %s", write_targets[t], modes[m].name), AT_FDCWD, write_targets[t], modes[m].flags);

    // Relative to a /proc/self descriptor, and through /proc/self/fd of a read-only descriptor.
    int self = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    no_open("w selfdir status wronly", self, "status", O_WRONLY);
    no_open("w selfdir limits rdwr", self, "limits", O_RDWR);
    int sysdir = open("/proc/sys/kernel", O_PATH | O_DIRECTORY | O_CLOEXEC);
    no_open("w sysdir hostname wronly", sysdir, "hostname", O_WRONLY);
    int ro = open("/proc/sys/kernel/hostname", O_RDONLY | O_CLOEXEC);
    no_open("w procfd hostname rdwr", AT_FDCWD, fmt("/proc/self/fd/%d", ro), O_RDWR);
    no_open("w procfd hostname wronly", AT_FDCWD, fmt("/dev/fd/%d", ro), O_WRONLY);
    int status = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    char target[PATH_MAX] = "";
    ssize_t n = readlink(fmt("/proc/self/fd/%d", status), target, sizeof target - 1);
    if (n > 0) target[n] = 0;
    printf("readlink procfd status: %s\n", n > 0 && !strcmp(target, fmt("/proc/%d/status", getpid())) ? "ok" : "unexpected");
    if (n <= 0 || strcmp(target, fmt("/proc/%d/status", getpid()))) printf("  link: %s\n", n > 0 ? target : ename(errno));
    no_open("w procfd status rdwr", AT_FDCWD, fmt("/proc/self/fd/%d", status), O_RDWR);

    // Names: creation, removal, renaming, links, metadata.
    const char *dirs[] = {"/proc", "/proc/self", "/proc/sys/kernel", "/proc/self/fd", "/proc/self/task"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        must_fail(fmt("creat %s", dirs[i]), creat(fmt("%s/proc-attack-f", dirs[i]), 0644));
        must_fail(fmt("mkdir %s", dirs[i]), mkdir(fmt("%s/proc-attack-d", dirs[i]), 0755));
        must_fail(fmt("symlink %s", dirs[i]), symlink("/etc/shadow", fmt("%s/proc-attack-l", dirs[i])));
        must_fail(fmt("mkfifo %s", dirs[i]), mkfifo(fmt("%s/proc-attack-p", dirs[i]), 0644));
    }
    must_fail("unlink /proc/self/status", unlink("/proc/self/status"));
    must_fail("unlink /proc/cpuinfo", unlink("/proc/cpuinfo"));
    must_fail("unlink /proc/self", unlink("/proc/self"));
    must_fail("unlink /proc/sys/kernel/hostname", unlink("/proc/sys/kernel/hostname"));
    must_fail("rmdir /proc/sys", rmdir("/proc/sys"));
    must_fail("rmdir /proc/self/fd", rmdir("/proc/self/fd"));
    must_fail("rmdir /proc/1", rmdir("/proc/1"));
    must_fail("rename comm", rename("/proc/self/comm", "/proc/self/proc-attack-r"));
    must_fail("rename hostname", rename("/proc/sys/kernel/hostname", "/proc/sys/kernel/proc-attack-r"));
    must_fail("rename cpuinfo-to-tmp", rename("/proc/cpuinfo", "/tmp/proc-attack-r"));
    int tmp = open("/tmp/proc-attack-src", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (tmp >= 0) close(tmp);
    must_fail("rename tmp-over-hostname", rename("/tmp/proc-attack-src", "/proc/sys/kernel/hostname"));
    must_fail("rename tmp-over-self-comm", rename("/tmp/proc-attack-src", "/proc/self/comm"));
    must_fail("link status-to-tmp", link("/proc/self/status", "/tmp/proc-attack-hl"));
    must_fail("link tmp-into-proc", link("/tmp/proc-attack-src", "/proc/proc-attack-hl"));
    must_fail("linkat procfd-status-to-tmp", linkat(AT_FDCWD, fmt("/proc/self/fd/%d", status), AT_FDCWD,
                                                    "/tmp/proc-attack-hl2", AT_SYMLINK_FOLLOW));
    unlink("/tmp/proc-attack-src");
    const char *meta[] = {"/proc/self/status", "/proc/sys/kernel/hostname", "/proc/self/comm", "/proc", "/proc/self/"};
    for (size_t i = 0; i < sizeof meta / sizeof *meta; i++) {
        must_fail(fmt("chmod %s", meta[i]), chmod(meta[i], 0777));
        must_fail(fmt("chown %s", meta[i]), chown(meta[i], 0, 0));
        must_fail(fmt("utimensat %s", meta[i]), utimensat(AT_FDCWD, meta[i], NULL, 0));
        must_fail(fmt("setxattr %s", meta[i]), setxattr(meta[i], "user.proc-attack", "x", 1, 0));
        must_fail(fmt("removexattr %s", meta[i]), removexattr(meta[i], "security.selinux"));
    }
    must_fail("lchown /proc/self", lchown("/proc/self", 0, 0));
    must_fail("truncate hostname", truncate("/proc/sys/kernel/hostname", 0));
    must_fail("truncate self-comm", truncate("/proc/self/comm", 0));
    must_fail("mknod chr /proc", mknod("/proc/proc-attack-c", S_IFCHR | 0666, makedev(1, 1)));

    // Nothing moved, as the guest sees it.
    char host_after[256] = "", overcommit_after[64] = "", comm_after[64] = "";
    slurp(AT_FDCWD, "/proc/sys/kernel/hostname", host_after, sizeof host_after);
    slurp(AT_FDCWD, "/proc/sys/vm/overcommit_memory", overcommit_after, sizeof overcommit_after);
    slurp(AT_FDCWD, "/proc/self/comm", comm_after, sizeof comm_after);
    struct utsname u;
    uname(&u);
    printf("unchanged hostname: %s\n", *host_before && !strcmp(host_before, host_after)
           && !strcmp(host_after, fmt("%s\n", u.nodename)) ? "yes" : "no");
    printf("unchanged overcommit_memory: %s\n", *overcommit_before && !strcmp(overcommit_before, overcommit_after) ? "yes" : "no");
    printf("unchanged comm: %s\n", *comm_before && !strcmp(comm_before, comm_after) ? "yes" : "no");
    char *l = listing(AT_FDCWD, "/tmp");
    printf("no names made in /tmp: %s\n", l && !strstr(l, "proc-attack-") ? "yes" : "no");
    free(l);
}

// ---------------------------------------------------------------------------------------------
// fd: what a read-only descriptor of a /proc file allows: no writes, and its metadata is procfs's,
// which no process may change (Linux: proc_setattr refuses a mode change, procfs has no user xattrs).

static void mode_fd(void) {
    int ro = open("/proc/sys/kernel/hostname", O_RDONLY | O_CLOEXEC);
    struct stat before, after;
    fstat(ro, &before);
    must_fail("fd write", write(ro, "pwned\n", 6));
    must_fail("fd pwrite", pwrite(ro, "pwned\n", 6, 0));
    must_fail("fd ftruncate", ftruncate(ro, 0));
    void *map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
    printf("fd mmap-shared-write: %s\n", map == MAP_FAILED ? ename(errno) : "LEAK");
    must_fail("fd fallocate", fallocate(ro, 0, 0, 4096));
    must_fail("fd fchmod", fchmod(ro, 0666));
    must_fail("fd fchown", fchown(ro, 0, 0));
    must_fail("fd fsetxattr", fsetxattr(ro, "user.proc-attack", "x", 1, 0));
    long seals = fcntl(ro, F_GET_SEALS);
    printf("fd sealed-against-write: %s\n", seals >= 0 && (seals & F_SEAL_WRITE) && (seals & F_SEAL_SEAL) ? "yes" : "no");
    must_fail("fd add-seals", fcntl(ro, F_ADD_SEALS, F_SEAL_SHRINK));
    fstat(ro, &after);
    printf("fd mode unchanged: %s\n", before.st_mode == after.st_mode ? "yes" : "no");
    int status = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    must_fail("fd status fchmod", fchmod(status, 0777));
    must_fail("fd status fsetxattr", fsetxattr(status, "user.proc-attack", "x", 1, 0));
}

// ---------------------------------------------------------------------------------------------
// absent: host kernel files and ptrace-class process files are not there, under any spelling.

static const char *absent_root[] = {
    "kcore", "kallsyms", "kmsg", "keys", "key-users", "sysrq-trigger", "modules", "iomem", "ioports",
    "timer_list", "sched_debug", "slabinfo", "vmallocinfo", "buddyinfo", "zoneinfo", "pagetypeinfo",
    "kpagecount", "kpageflags", "kpagecgroup", "config.gz", "cmdline", "devices", "partitions",
    "interrupts", "locks", "mtrr", "dma", "misc", "crypto", "consoles", "bootconfig", "schedstat",
    "net/stat", "net/nf_conntrack", "net/dev_snmp6", "net/ip_tables_names", "bus", "fs", "irq", "tty", "driver", "acpi", "scsi", "dynamic_debug", "pressure", "sysvipc",
    "sys/kernel/modprobe", "sys/kernel/kptr_restrict",
    "sys/kernel/sysrq", "sys/kernel/ns_last_pid", "sys/fs/binfmt_misc", "sys/vm/drop_caches", "sys/net",
};

static const char *absent_self[] = {
    "mem", "pagemap", "stack", "syscall", "wchan", "map_files", "net/stat", "net/netfilter",
    "mountstats", "personality", "timers", "sessionid", "loginuid", "setgroups", "projid_map", "uid_map", "gid_map", "autogroup", "timerslack_ns", "clear_refs", "numa_maps", "sched",
    "schedstat", "cpuset", "coredump_filter", "attr", "attr/current", "attr/exec", "patch_state",
    "arch_status", "ksm_stat", "ksm_merging_pages", "latency", "make-it-fail", "fail-nth",
    "task/%d/mem", "task/%d/syscall",
};

static void mode_absent(void) {
    may_open("control self-status", AT_FDCWD, "/proc/self/status", O_RDONLY);
    may_open("control self-auxv", AT_FDCWD, "/proc/self/auxv", O_RDONLY);
    for (size_t i = 0; i < sizeof absent_root / sizeof *absent_root; i++) {
        const char *p = fmt("/proc/%s", absent_root[i]);
        struct stat st;
        no_open(fmt("absent %s", p), AT_FDCWD, p, O_RDONLY);
        opath_open(fmt("absent %s opath", p), AT_FDCWD, p);
        must_fail(fmt("absent %s stat", p), lstat(p, &st));
    }
    int self = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    for (size_t i = 0; i < sizeof absent_self / sizeof *absent_self; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, absent_self[i], getpid());
        struct stat st;
        no_open(fmt("absent self/%s", absent_self[i]), AT_FDCWD, fmt("/proc/self/%s", rel), O_RDONLY);
        no_open(fmt("absent self/%s rdwr", absent_self[i]), AT_FDCWD, fmt("/proc/self/%s", rel), O_RDWR);
        opath_open(fmt("absent self/%s opath", absent_self[i]), AT_FDCWD, fmt("/proc/self/%s", rel));
        no_open(fmt("absent self/%s dirfd", absent_self[i]), self, rel, O_RDONLY);
        no_open(fmt("absent thread-self/%s", absent_self[i]), AT_FDCWD, fmt("/proc/thread-self/%s", rel), O_RDONLY);
        must_fail(fmt("absent self/%s stat", absent_self[i]), fstatat(self, rel, &st, AT_SYMLINK_NOFOLLOW));
    }
    // The listings agree: /proc holds its served names and pids only, /proc/self its served files.
    char *root = listing(AT_FDCWD, "/proc");
    char extra[4096] = "";
    if (root) {
        static const char *served[] = {"cpuinfo", "diskstats", "filesystems", "loadavg", "meminfo", "mounts", "net", "self", "stat",
                                       "swaps", "sys", "thread-self", "uptime", "version", "vmstat"};
        for (char *save = NULL, *name = strtok_r(root, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
            int ok = strspn(name, "0123456789") == strlen(name);
            for (size_t i = 0; !ok && i < sizeof served / sizeof *served; i++) ok = !strcmp(name, served[i]);
            if (!ok) snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "%s ", name);
        }
    }
    printf("proc-listing only served names: %s\n", !root ? ename(errno) : *extra ? "LEAK" : "ok");
    if (*extra) printf("  extra: %s\n", extra);
    free(root);
    char *mine = listing(AT_FDCWD, "/proc/self");
    int bad = !mine;
    for (size_t i = 0; mine && i < sizeof absent_self / sizeof *absent_self; i++) {
        if (strchr(absent_self[i], '/')) continue;
        char *hit = strstr(mine, absent_self[i]);
        size_t len = strlen(absent_self[i]);
        while (hit) {
            if ((hit == mine || hit[-1] == ',') && (hit[len] == ',' || !hit[len])) { bad = 1; printf("  listed: %s\n", absent_self[i]); }
            hit = strstr(hit + 1, absent_self[i]);
        }
    }
    printf("self-listing only served names: %s\n", bad ? "LEAK" : "ok");
    free(mine);
    // /proc/sys/kernel holds identity, limits and fixed defaults (tainted 0, core_pattern "core"),
    // none of the host's knobs.
    static const char *knobs[] = {"modprobe", "kptr_restrict", "dmesg_restrict", "sysrq", "ns_last_pid",
                                  "perf_event_paranoid", "unprivileged_bpf_disabled", "yama", "printk", "panic",
                                  "poweroff_cmd", "hotplug", "usermodehelper", "keys", "seccomp",
                                  "unprivileged_userns_clone", "kexec_load_disabled", "modules_disabled"};
    char *sys = listing(AT_FDCWD, "/proc/sys/kernel");
    bad = !sys;
    for (char *save = NULL, *name = sys ? strtok_r(sys, ",", &save) : NULL; name; name = strtok_r(NULL, ",", &save))
        for (size_t i = 0; i < sizeof knobs / sizeof *knobs; i++)
            if (!strcmp(name, knobs[i])) { bad = 1; printf("  listed: %s\n", name); }
    printf("sys-kernel-listing no host knobs: %s\n", !sys ? ename(errno) : bad ? "LEAK" : "ok");
    free(sys);
}

// ---------------------------------------------------------------------------------------------
// init: pid 1 is the launcher, unfiltered and outside the guest.

static void show_value(const char *name, const char *path) {
    char buf[4096];
    ssize_t n = slurp(AT_FDCWD, path, buf, sizeof buf);
    if (n < 0) { printf("%s: %s\n", name, ename(errno)); return; }
    // NUL bytes shown as "\\0", a trailing newline dropped.
    if (n > 0 && buf[n - 1] == '\n') n--;
    printf("%s: ", name);
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i]) putchar(buf[i]);
        else fputs("\\0", stdout);
    }
    putchar('\n');
}

static void mode_init(void) {
    show_value("proc1-cmdline", "/proc/1/cmdline");
    show_value("proc1-comm", "/proc/1/comm");
    show_value("proc1-task1-comm", "/proc/1/task/1/comm");
    show_value("proc1-task1-cmdline", "/proc/1/task/1/cmdline");
    char buf[8192];
    ssize_t n = slurp(AT_FDCWD, "/proc/1/status", buf, sizeof buf);
    printf("proc1-status name: %s\n", n < 0 ? ename(errno) : !strncmp(buf, "Name:\tsafehouse-init\n", 21) ? "safehouse-init" : "LEAK");
    if (n >= 0) fprintf(stderr, "== /proc/1/status\n%s\n", buf);
    n = slurp(AT_FDCWD, "/proc/1/stat", buf, sizeof buf);
    printf("proc1-stat comm: %s\n", n < 0 ? ename(errno) : !strncmp(buf, "1 (safehouse-init) ", 19) ? "safehouse-init" : "LEAK");
    if (n >= 0) fprintf(stderr, "== /proc/1/stat\n%s\n", buf);
    // Linux shows a process it may not ptrace (init is non-dumpable) without its code, stack, data,
    // argument and environment addresses (fields 26-27 read 1, 28-30 and 45-51 read 0) or its exit
    // code (52): they would undo the ASLR of an unfiltered process.
    n = slurp(AT_FDCWD, "/proc/1/stat", buf, sizeof buf);
    char *close_paren = n > 0 ? strrchr(buf, ')') : NULL;
    int hidden = close_paren != NULL, field = 2;
    for (char *save = NULL, *tok = close_paren ? strtok_r(close_paren + 1, " \n", &save) : NULL; tok;
         tok = strtok_r(NULL, " \n", &save)) {
        field++;
        int masked = !strcmp(tok, "0") || ((field == 26 || field == 27) && !strcmp(tok, "1"));
        if (((field >= 26 && field <= 30) || (field >= 45 && field <= 52)) && !masked) {
            hidden = 0;
            printf("  field %d: %s\n", field, tok);
        }
    }
    printf("proc1-stat addresses hidden: %s\n", n < 0 ? ename(errno) : hidden && field >= 52 ? "yes" : "LEAK");
    n = slurp(AT_FDCWD, "/proc/1/task/1/stat", buf, sizeof buf);
    printf("proc1-task1-stat comm: %s\n", n < 0 ? ename(errno) : !strncmp(buf, "1 (safehouse-init) ", 19) ? "safehouse-init" : "LEAK");
    static const char *refused[] = {"environ", "exe", "cwd", "root", "fd", "fdinfo", "maps", "smaps", "smaps_rollup",
                                    "io", "auxv", "mem", "map_files", "pagemap", "stack", "syscall", "wchan", "ns",
                                    "ns/mnt", "task/1/environ", "task/1/exe", "task/1/mem", "task/1/maps",
                                    "task/1/fd", "fd/0", "fd/1", "fd/3", "fdinfo/0", "root/etc", "cwd/..", "exe/.."};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        const char *p = fmt("/proc/1/%s", refused[i]);
        no_open(fmt("proc1 %s", refused[i]), AT_FDCWD, p, O_RDONLY);
        opath_open(fmt("proc1 %s opath", refused[i]), AT_FDCWD, p);
    }
    no_open("proc1 mem rdwr", AT_FDCWD, "/proc/1/mem", O_RDWR);
    no_open("proc1 exe dir", AT_FDCWD, "/proc/1/cwd", O_RDONLY | O_DIRECTORY);
    char link[PATH_MAX];
    static const char *links[] = {"exe", "cwd", "root", "fd/0", "fd/3", "task/1/exe", "map_files"};
    for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
        ssize_t r = readlink(fmt("/proc/1/%s", links[i]), link, sizeof link - 1);
        if (r >= 0) { link[r] = 0; printf("proc1 readlink %s: LEAK\n  target: %s\n", links[i], link); }
        else printf("proc1 readlink %s: %s\n", links[i], ename(errno));
        struct stat st;
        must_fail(fmt("proc1 stat %s", links[i]), stat(fmt("/proc/1/%s", links[i]), &st));
    }
    char *l = listing(AT_FDCWD, "/proc/1/fd");
    printf("proc1 fd listing: %s\n", l ? "LEAK" : ename(errno));
    if (l) printf("  listing: %s\n", l);
    free(l);
    l = listing(AT_FDCWD, "/proc/1/task/1/fd");
    printf("proc1 task1 fd listing: %s\n", l ? "LEAK" : ename(errno));
    free(l);
    // What a process may see of init on Linux, rewritten: present, and host-free (searched by the test).
    static const char *visible[] = {"stat", "statm", "status", "limits", "cgroup", "mountinfo", "mounts",
                                    "oom_score", "oom_score_adj"};
    for (size_t i = 0; i < sizeof visible / sizeof *visible; i++) {
        n = slurp(AT_FDCWD, fmt("/proc/1/%s", visible[i]), buf, sizeof buf);
        printf("proc1 read %s: %s\n", visible[i], n < 0 ? ename(errno) : "ok");
        if (n >= 0) fprintf(stderr, "== /proc/1/%s\n%s\n", visible[i], buf);
    }
    // Signals and ptrace-class calls on init.
    must_fail("proc1 ptrace-attach", ptrace(PTRACE_ATTACH, 1, 0, 0));
    must_fail("proc1 ptrace-seize", ptrace(PTRACE_SEIZE, 1, 0, 0));
    char dst[16];
    struct iovec local = {dst, sizeof dst}, remote = {(void *)0x400000, sizeof dst};
    must_fail("proc1 process_vm_readv", process_vm_readv(1, &local, 1, &remote, 1, 0));
    must_fail("proc1 process_vm_writev", process_vm_writev(1, &local, 1, &remote, 1, 0));
    int pidfd = (int)syscall(SYS_pidfd_open, 1, 0);
    must_fail("proc1 pidfd_getfd", pidfd < 0 ? -1 : syscall(SYS_pidfd_getfd, pidfd, 0, 0));
    must_fail("proc1 kcmp", syscall(SYS_kcmp, getpid(), 1, 0 /* KCMP_FILE */, 0, 0));
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    must_fail("proc1 sched_setaffinity", sched_setaffinity(1, sizeof set, &set));
}

// ---------------------------------------------------------------------------------------------
// traverse: `..`, magic links, directory descriptors and the working directory inside /proc.

static void mode_traverse(void) {
    same_listing("self-root-dotdot3 listing", AT_FDCWD, "/proc/self/root/../../..", "/");
    same_listing("self-cwd-dotdot listing", AT_FDCWD, "/proc/self/cwd/../../../..", "/");
    same_listing("thread-self-root-dotdot listing", AT_FDCWD, "/proc/thread-self/root/../..", "/");
    no_open("self-root-dotdot proc1-environ", AT_FDCWD, "/proc/self/root/../../../proc/1/environ", O_RDONLY);
    no_open("self-root-dotdot etc-shadow", AT_FDCWD, "/proc/self/root/../../../etc/shadow", O_RDONLY);
    no_open("self-cwd-dotdot kcore", AT_FDCWD, "/proc/self/cwd/../../../../proc/kcore", O_RDONLY);
    no_open("self-root-self-root-kcore", AT_FDCWD, "/proc/self/root/proc/self/root/proc/kcore", O_RDONLY);
    no_open("proc1-root-etc", AT_FDCWD, "/proc/1/root/etc", O_RDONLY | O_DIRECTORY);
    no_open("proc1-root-etc-passwd", AT_FDCWD, "/proc/1/root/etc/passwd", O_RDONLY);
    no_open("proc1-cwd-dotdot", AT_FDCWD, "/proc/1/cwd/..", O_RDONLY | O_DIRECTORY);
    no_open("self-dotdot-1-environ", AT_FDCWD, "/proc/self/../1/environ", O_RDONLY);
    no_open("self-task-dotdot-1-environ", AT_FDCWD, fmt("/proc/self/task/%d/../../../1/environ", getpid()), O_RDONLY);
    no_open("sys-dotdot-kcore", AT_FDCWD, "/proc/sys/kernel/../../kcore", O_RDONLY);
    no_open("self-fd-dotdot-kcore", AT_FDCWD, "/proc/self/fd/../../kcore", O_RDONLY);

    // A descriptor of the /proc directory, reached again through /proc/self/fd/N.
    int proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int procpath = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
    for (int k = 0; k < 2; k++) {
        int fd = k ? procpath : proc;
        const char *kind = k ? "opath" : "rdonly";
        no_open(fmt("procfd-%s 1-environ", kind), AT_FDCWD, fmt("/proc/self/fd/%d/1/environ", fd), O_RDONLY);
        no_open(fmt("procfd-%s 1-mem", kind), AT_FDCWD, fmt("/proc/self/fd/%d/1/mem", fd), O_RDWR);
        no_open(fmt("procfd-%s kcore", kind), AT_FDCWD, fmt("/proc/self/fd/%d/kcore", fd), O_RDONLY);
        no_open(fmt("procfd-%s dotdot-shadow", kind), AT_FDCWD, fmt("/proc/self/fd/%d/../etc/shadow", fd), O_RDONLY);
        no_open(fmt("procfd-%s self-mem", kind), AT_FDCWD, fmt("/proc/self/fd/%d/self/mem", fd), O_RDONLY);
        same_listing(fmt("procfd-%s dotdot listing", kind), AT_FDCWD, fmt("/proc/self/fd/%d/..", fd), "/");
        same_listing(fmt("procfd-%s listing", kind), AT_FDCWD, fmt("/proc/self/fd/%d", fd), "/proc");
        no_open(fmt("procdirfd-%s 1-environ", kind), fd, "1/environ", O_RDONLY);
        no_open(fmt("procdirfd-%s kcore", kind), fd, "kcore", O_RDONLY);
        no_open(fmt("procdirfd-%s dotdot-shadow", kind), fd, "../etc/shadow", O_RDONLY);
        same_listing(fmt("procdirfd-%s dotdot listing", kind), fd, "..", "/");
    }
    // openat relative to a /proc/self descriptor.
    int self = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int selfpath = open("/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC);
    for (int k = 0; k < 2; k++) {
        int fd = k ? selfpath : self;
        const char *kind = k ? "opath" : "rdonly";
        no_open(fmt("selfdirfd-%s ../1/environ", kind), fd, "../1/environ", O_RDONLY);
        no_open(fmt("selfdirfd-%s ../1/exe", kind), fd, "../1/exe", O_RDONLY);
        no_open(fmt("selfdirfd-%s ../1/mem", kind), fd, "../1/mem", O_RDONLY);
        no_open(fmt("selfdirfd-%s ../kcore", kind), fd, "../kcore", O_RDONLY);
        no_open(fmt("selfdirfd-%s ../../etc/shadow", kind), fd, "../../etc/shadow", O_RDONLY);
        no_open(fmt("selfdirfd-%s mem", kind), fd, "mem", O_RDONLY);
        no_open(fmt("selfdirfd-%s root/proc/kcore", kind), fd, "root/proc/kcore", O_RDONLY);
        same_listing(fmt("selfdirfd-%s ../.. listing", kind), fd, "../..", "/");
    }
    // The working directory inside /proc/1 (chdir, fchdir), then relative names.
    int r = chdir("/proc/1");
    printf("chdir proc1: %s\n", r < 0 ? ename(errno) : "ok");
    char cwd[PATH_MAX] = "";
    if (!getcwd(cwd, sizeof cwd)) snprintf(cwd, sizeof cwd, "(%s)", ename(errno));
    printf("chdir proc1 cwd: %s\n", cwd);
    no_open("cwd-proc1 environ", AT_FDCWD, "environ", O_RDONLY);
    no_open("cwd-proc1 mem", AT_FDCWD, "mem", O_RDONLY);
    no_open("cwd-proc1 exe", AT_FDCWD, "exe", O_RDONLY);
    no_open("cwd-proc1 root-etc-passwd", AT_FDCWD, "root/etc/passwd", O_RDONLY);
    must_fail("chdir proc1-root", chdir("/proc/1/root"));
    must_fail("chdir proc1-cwd", chdir("/proc/1/cwd"));
    must_fail("chdir proc1-fd", chdir("/proc/1/fd"));
    must_fail("chdir self-map_files", chdir("/proc/self/map_files"));
    must_fail("chdir self-map_files", chdir("/proc/self/map_files"));
    chdir("/");
    int proc1 = open("/proc/1", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    printf("open proc1 dir: %s\n", proc1 < 0 ? ename(errno) : "ok");
    if (proc1 >= 0) {
        no_open("proc1dirfd environ", proc1, "environ", O_RDONLY);
        no_open("proc1dirfd exe", proc1, "exe", O_RDONLY);
        no_open("proc1dirfd mem", proc1, "mem", O_RDWR);
        no_open("proc1dirfd root-etc", proc1, "root/etc", O_RDONLY | O_DIRECTORY);
        opath_open("proc1dirfd environ opath", proc1, "environ");
        r = fchdir(proc1);
        printf("fchdir proc1: %s\n", r < 0 ? ename(errno) : "ok");
        no_open("fchdir-proc1 environ", AT_FDCWD, "environ", O_RDONLY);
        opath_open("fchdir-proc1 exe opath", AT_FDCWD, "exe");
        no_open("fchdir-proc1 cwd-dir", AT_FDCWD, "cwd", O_RDONLY | O_DIRECTORY);
        same_listing("fchdir-proc1 dotdot listing", AT_FDCWD, "..", r < 0 ? "/" : "/proc");
        chdir("/");
    }
    int proc1path = open("/proc/1", O_PATH | O_DIRECTORY | O_CLOEXEC);
    printf("open proc1 opath: %s\n", proc1path < 0 ? ename(errno) : "ok");
    // fchdir into /proc/self, and into a child's /proc/<pid>, then `..` and another process's files.
    r = fchdir(self);
    printf("fchdir self: %s\n", r < 0 ? ename(errno) : "ok");
    no_open("fchdir-self ../1/environ", AT_FDCWD, "../1/environ", O_RDONLY);
    no_open("fchdir-self ../../etc/shadow", AT_FDCWD, "../../etc/shadow", O_RDONLY);
    same_listing("fchdir-self dotdot listing", AT_FDCWD, "..", "/proc");
    same_listing("fchdir-self dotdot2 listing", AT_FDCWD, "../..", "/");
    chdir("/");
    int sync[2];
    if (pipe2(sync, O_CLOEXEC) < 0) return;
    pid_t child = fork();
    if (child == 0) {
        char c;
        close(sync[1]);
        (void)!read(sync[0], &c, 1);
        _exit(0);
    }
    close(sync[0]);
    int childdir = open(fmt("/proc/%d", child), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    printf("open child dir: %s\n", childdir < 0 ? ename(errno) : "ok");
    no_open("child environ", AT_FDCWD, fmt("/proc/%d/environ", child), O_RDONLY);
    no_open("child task environ", AT_FDCWD, fmt("/proc/%d/task/%d/environ", child, child), O_RDONLY);
    no_open("child mem", AT_FDCWD, fmt("/proc/%d/mem", child), O_RDONLY);
    no_open("childdirfd environ", childdir, "environ", O_RDONLY);
    r = fchdir(childdir);
    printf("fchdir child: %s\n", r < 0 ? ename(errno) : "ok");
    no_open("fchdir-child environ", AT_FDCWD, "environ", O_RDONLY);
    no_open("fchdir-child mem", AT_FDCWD, "mem", O_RDONLY);
    no_open("fchdir-child ../1/environ", AT_FDCWD, "../1/environ", O_RDONLY);
    same_listing("fchdir-child dotdot listing", AT_FDCWD, "..", "/proc");
    chdir("/");
    close(sync[1]);
    waitpid(child, NULL, 0);
}

// ---------------------------------------------------------------------------------------------
// race: a path buffer flipped between /proc/self/status and forbidden names while it is opened.

static char flip_buf[PATH_MAX];
static const char *flip_good;
static const char **flip_bad;
static size_t flip_nbad;
static atomic_int stop;
static atomic_long flips;

static void *flipper(void *arg) {
    (void)arg;
    size_t g = strlen(flip_good) + 1;
    for (size_t k = 0; !atomic_load_explicit(&stop, memory_order_relaxed); k++) {
        const char *bad = flip_bad[k % flip_nbad];
        memcpy(flip_buf, bad, strlen(bad) + 1);
        for (volatile int i = 0; i < 40; i++) {}
        memcpy(flip_buf, flip_good, g);
        for (volatile int i = 0; i < 40; i++) {}
        atomic_fetch_add_explicit(&flips, 1, memory_order_relaxed);
    }
    return NULL;
}

static void start_flip(const char *good, const char **bad, size_t nbad) {
    flip_good = good;
    flip_bad = bad;
    flip_nbad = nbad;
    strcpy(flip_buf, good);
    atomic_store(&stop, 0);
    atomic_store(&flips, 0);
}

static int is_status(const char *buf) { return !strncmp(buf, "Name:\t", 6); }
static int race_dirfd = AT_FDCWD;
static double race_seconds = 8;

static void race_round(const char *label, const char *good, const char **bad, size_t nbad, int kind, long n) {
    start_flip(good, bad, nbad);
    pthread_t t;
    pthread_create(&t, NULL, flipper, NULL);
    long opens = 0, ok = 0, failed = 0, leaks = 0, raced = 0, reopened = 0;
    struct stat good_st;
    int g = openat(race_dirfd, good, O_PATH | O_CLOEXEC);
    fstat(g, &good_st);
    close(g);
    double deadline = now() + race_seconds;
    for (; opens < n && now() < deadline; opens++) {
        if (kind == 2) {
            // chdir: the kernel continues the call after the VFS looked at the name.
            if (chdir(flip_buf) < 0) { failed++; continue; }
            ok++;
            char cwd[PATH_MAX] = "";
            if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "?");
            if (strcmp(cwd, fmt("/proc/%d", getpid()))) raced++;
            char buf[256];
            // Whatever directory the kernel entered, its environ is ours or nothing.
            ssize_t r = slurp(AT_FDCWD, "environ", buf, sizeof buf);
            if (r >= 0 && strcmp(cwd, fmt("/proc/%d", getpid()))) {
                if (leaks++ < 3) printf("%s: LEAK cwd=%s environ opened\n", label, cwd);
            }
            chdir("/");
            continue;
        }
        int fd = openat(race_dirfd, flip_buf, (kind ? O_PATH : O_RDONLY) | O_CLOEXEC);
        if (fd < 0) { failed++; continue; }
        ok++;
        struct stat st;
        if (kind && fstat(fd, &st) == 0 && (st.st_ino != good_st.st_ino || st.st_dev != good_st.st_dev)) raced++;
        int rd = fd;
        if (kind) {
            // An O_PATH descriptor carries identity only; reopening it must give status or nothing.
            rd = open(fmt("/proc/self/fd/%d", fd), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
            if (rd < 0) { close(fd); continue; }
            reopened++;
        }
        char buf[256] = {0};
        ssize_t r = read(rd, buf, sizeof buf - 1);
        int e = errno;
        if (r <= 0 || !is_status(buf)) {
            if (leaks++ < 3) {
                char link[PATH_MAX] = "";
                ssize_t l = readlink(fmt("/proc/self/fd/%d", fd), link, sizeof link - 1);
                if (l > 0) link[l] = 0;
                for (ssize_t i = 0; i < r; i++) if (buf[i] == '\n' || buf[i] == 0) buf[i] = ' ';
                printf("%s: LEAK link=%s read=%s content=%.80s\n", label, l > 0 ? link : "?",
                       r < 0 ? ename(e) : "ok", r > 0 ? buf : "");
            }
        }
        if (rd != fd) close(rd);
        close(fd);
    }
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    fprintf(stderr, "%s: opens=%ld successes=%ld failures=%ld raced=%ld reopened=%ld leaks=%ld flips=%ld\n", label,
            opens, ok, failed, raced, reopened, leaks, atomic_load(&flips));
    if (!leaks) printf("%s: ok\n", label);
    printf("%s successes>0: %s\n", label, ok > 0 ? "yes" : "no");
    printf("%s failures>0: %s\n", label, failed > 0 ? "yes" : "no");
}

static void mode_race(long n) {
    static const char *bad[] = {"/proc/1/environ", "/proc/kcore", "/proc/self/mem", "/proc/self/ns/user",
                                "/proc/1/mem", "/proc/self/map_files", "/proc/sys/kernel/modprobe",
                                "/proc/self/ns/pid"};
    race_round("race rdonly", "/proc/self/status", bad, sizeof bad / sizeof *bad, 0, n);
    race_round("race opath", "/proc/self/status", bad, sizeof bad / sizeof *bad, 1, n);
    // Relative to a descriptor of /proc/1 (the launcher): its magic links and memory.
    static const char *bad_init[] = {"cwd", "root", "exe", "fd/0", "fd/3", "environ", "mem", "ns/mnt", "task/1/root"};
    race_dirfd = open("/proc/1", O_PATH | O_DIRECTORY | O_CLOEXEC);
    race_seconds = 4;
    if (race_dirfd < 0) printf("race opath-proc1: setup %s\n", ename(errno));
    else race_round("race opath-proc1", "status", bad_init, sizeof bad_init / sizeof *bad_init, 1, n / 2);
    if (race_dirfd >= 0) close(race_dirfd);
    race_dirfd = AT_FDCWD;
    static const char *bad_dirs[] = {"/proc/1", "/proc/1/cwd", "/proc/1/root", "/proc/self/ns", "/proc/1/fd"};
    race_round("race chdir", "/proc/self", bad_dirs, sizeof bad_dirs / sizeof *bad_dirs, 2, n / 5);
}

// ---------------------------------------------------------------------------------------------
// pids: only the sandbox's processes are visible or reachable.

static void mode_pids(int argc, char **argv) {
    char *l = listing(AT_FDCWD, "/proc");
    int bad = !l, count = 0;
    for (char *save = NULL, *name = l ? strtok_r(l, ",", &save) : NULL; name; name = strtok_r(NULL, ",", &save)) {
        if (strspn(name, "0123456789") != strlen(name)) continue;
        long pid = atol(name);
        count++;
        if (pid >= 1000 || (kill(pid, 0) < 0 && errno != ESRCH)) { bad = 1; printf("  foreign pid: %s\n", name); }
    }
    printf("proc-listing sandbox pids only: %s\n", bad ? "LEAK" : "ok");
    printf("proc-listing pids>=2: %s\n", count >= 2 ? "yes" : "no");
    free(l);
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    for (int i = 0; i < argc; i++) {
        pid_t pid = atoi(argv[i]);
        char h[16];
        snprintf(h, sizeof h, "host%d", i);
        struct stat st;
        must_fail(fmt("%s stat-proc", h), stat(fmt("/proc/%d", pid), &st));
        no_open(fmt("%s status", h), AT_FDCWD, fmt("/proc/%d/status", pid), O_RDONLY);
        no_open(fmt("%s environ", h), AT_FDCWD, fmt("/proc/%d/environ", pid), O_RDONLY);
        no_open(fmt("%s opath", h), AT_FDCWD, fmt("/proc/%d", pid), O_PATH);
        must_fail(fmt("%s kill-0", h), kill(pid, 0));
        must_fail(fmt("%s kill-SIGCONT", h), kill(pid, SIGCONT));
        must_fail(fmt("%s tgkill-0", h), syscall(SYS_tgkill, pid, pid, 0));
        siginfo_t si = {0};
        si.si_code = SI_QUEUE;
        si.si_pid = getpid();
        must_fail(fmt("%s rt_sigqueueinfo", h), syscall(SYS_rt_sigqueueinfo, pid, 0, &si));
        must_fail(fmt("%s ptrace-attach", h), ptrace(PTRACE_ATTACH, pid, 0, 0));
        must_fail(fmt("%s ptrace-seize", h), ptrace(PTRACE_SEIZE, pid, 0, 0));
        char dst[16];
        struct iovec local = {dst, sizeof dst}, remote = {(void *)0x400000, sizeof dst};
        must_fail(fmt("%s process_vm_readv", h), process_vm_readv(pid, &local, 1, &remote, 1, 0));
        must_fail(fmt("%s process_vm_writev", h), process_vm_writev(pid, &local, 1, &remote, 1, 0));
        must_fail(fmt("%s pidfd_open", h), syscall(SYS_pidfd_open, pid, 0));
        must_fail(fmt("%s kcmp", h), syscall(SYS_kcmp, getpid(), pid, 0, 0, 0));
        must_fail(fmt("%s sched_setaffinity", h), sched_setaffinity(pid, sizeof set, &set));
        cpu_set_t got;
        must_fail(fmt("%s sched_getaffinity", h), sched_getaffinity(pid, sizeof got, &got));
        must_fail(fmt("%s setpriority", h), setpriority(PRIO_PROCESS, pid, 19));
        struct sched_param sp;
        must_fail(fmt("%s sched_getparam", h), sched_getparam(pid, &sp));
        must_fail(fmt("%s prlimit", h), prlimit(pid, RLIMIT_NOFILE, NULL, NULL));
        must_fail(fmt("%s getpgid", h), getpgid(pid));
        must_fail(fmt("%s getsid", h), getsid(pid));
        void *head;
        size_t len;
        must_fail(fmt("%s get_robust_list", h), syscall(SYS_get_robust_list, pid, &head, &len));
    }
}

// ---------------------------------------------------------------------------------------------
// uring: io_uring would open files behind the filter's back; it does not exist for the guest.

static void mode_uring(void) {
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    long fd = syscall(SYS_io_uring_setup, 8, &p);
    must_fail("io_uring_setup", fd);
    must_fail("io_uring_enter", syscall(SYS_io_uring_enter, 3, 1, 0, 0, NULL, 0));
    must_fail("io_uring_register", syscall(SYS_io_uring_register, 3, 0, NULL, 0));
    if (fd >= 0) {
        // Should the ring exist, show what an IORING_OP_OPENAT of /proc/kcore does.
        printf("  io_uring ring created: fd %ld\n", fd);
        close((int)fd);
    }
}

// ---------------------------------------------------------------------------------------------
// abi: open("/proc/kcore") through the i386 (int 0x80) and x32 entry points. The filter kills the
// process; a child tries, the parent reports how it ended.

static void abi_child(const char *name, int which) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *path = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
        if (path == MAP_FAILED) _exit(3);
        strcpy(path, "/proc/kcore");
        long r = -1;
        if (which == 0) {
            // i386 open (5): ebx = path, ecx = flags.
            __asm__ volatile("int $0x80" : "=a"(r) : "a"(5), "b"((uint32_t)(uintptr_t)path), "c"(0) : "memory");
        } else {
            r = syscall(0x40000000 | SYS_open, path, O_RDONLY);
            if (r < 0) r = -errno;
        }
        printf("%s: LEAK survived r=%ld\n", name, r);
        fflush(stdout);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) printf("%s: killed SIG%s\n", name, sigabbrev_np(WTERMSIG(status)) ?: "?");
    else if (WEXITSTATUS(status) != 0) printf("%s: exit %d\n", name, WEXITSTATUS(status));
}

static void mode_abi(void) {
    may_open("control kcore-absent", AT_FDCWD, "/proc/kcore", O_RDONLY);
    abi_child("int80 open kcore", 0);
    abi_child("x32 open kcore", 1);
}

// ---------------------------------------------------------------------------------------------
// magic: a descriptor reopened through /proc/self/fd/N gives no more than the guest may have.
// OUTPUT (an output zone) holds, made by the host: `victim`, owned by another user, mode 0644, with a
// second hard link outside every zone; `wonly`, owned by another user, mode 0602 (others may write,
// not read), whose content is a secret.

static void try_write(const char *name, int fd) {
    ssize_t w = write(fd, "PWNED-BY-GUEST\n", 15);
    printf("  %s write: %s\n", name, w < 0 ? ename(errno) : "written");
}

static void mode_magic(const char *output) {
    const char *victim = fmt("%s/victim", output);
    char victim_path[PATH_MAX];
    snprintf(victim_path, sizeof victim_path, "%s", victim);
    no_open("victim rdwr", AT_FDCWD, victim_path, O_RDWR);
    int fd = open(victim_path, O_RDONLY | O_CLOEXEC);
    printf("victim rdonly: %s\n", fd < 0 ? ename(errno) : "ok");
    int r = open(fmt("/proc/self/fd/%d", fd), O_RDWR | O_CLOEXEC);
    printf("victim procfd rdwr: %s\n", r < 0 ? ename(errno) : "LEAK");
    if (r >= 0) { try_write("victim procfd rdwr", r); close(r); }
    // A name that reads like procfs's mark of a removed file.
    char deleted[PATH_MAX];
    snprintf(deleted, sizeof deleted, "%s/victim (deleted)", output);
    result("victim rename-to-deleted-name", rename(victim_path, deleted));
    char link[PATH_MAX] = "";
    ssize_t l = readlink(fmt("/proc/self/fd/%d", fd), link, sizeof link - 1);
    if (l > 0) link[l] = 0;
    fprintf(stderr, "victim link after rename: %s\n", l > 0 ? link : ename(errno));
    r = open(fmt("/proc/self/fd/%d", fd), O_RDWR | O_CLOEXEC);
    printf("victim procfd rdwr after rename: %s\n", r < 0 ? ename(errno) : "LEAK");
    if (r >= 0) { try_write("victim procfd rdwr after rename", r); close(r); }
    struct stat st;
    r = open(fmt("/proc/self/fd/%d", fd), O_WRONLY | O_TRUNC | O_CLOEXEC);
    printf("victim procfd trunc after rename: %s\n", r < 0 ? ename(errno) : "LEAK");
    if (r >= 0) close(r);
    printf("victim size kept after trunc: %s\n", fstat(fd, &st) == 0 && st.st_size > 0 ? "yes" : "no");
    r = open(fmt("/proc/self/fd/%d", fd), O_RDONLY | O_TRUNC | O_CLOEXEC);
    printf("victim procfd rdonly-trunc after rename: %s\n", r < 0 ? ename(errno) : "LEAK");
    if (r >= 0) close(r);
    printf("victim size kept after rdonly-trunc: %s\n", fstat(fd, &st) == 0 && st.st_size > 0 ? "yes" : "no");
    // Really removed: the other hard link (outside the zones) is the same inode.
    result("victim unlink", unlink(deleted));
    r = open(fmt("/proc/self/fd/%d", fd), O_WRONLY | O_CLOEXEC);
    printf("victim procfd wronly after unlink: %s\n", r < 0 ? ename(errno) : "LEAK");
    if (r >= 0) { try_write("victim procfd wronly after unlink", r); close(r); }
    r = open(fmt("/dev/fd/%d", fd), O_RDWR | O_APPEND | O_CLOEXEC);
    printf("victim devfd rdwr after unlink: %s\n", r < 0 ? ename(errno) : "LEAK");
    if (r >= 0) { try_write("victim devfd rdwr after unlink", r); close(r); }
    close(fd);

    // Write-only for the guest: reopening must not make it readable.
    const char *wonly = fmt("%s/wonly", output);
    char wonly_path[PATH_MAX];
    snprintf(wonly_path, sizeof wonly_path, "%s", wonly);
    no_open("wonly rdonly", AT_FDCWD, wonly_path, O_RDONLY);
    int w = open(wonly_path, O_WRONLY | O_CLOEXEC);
    printf("wonly wronly: %s\n", w < 0 ? ename(errno) : "ok");
    no_open("wonly procfd rdonly", AT_FDCWD, fmt("/proc/self/fd/%d", w), O_RDONLY);
    snprintf(deleted, sizeof deleted, "%s/wonly (deleted)", output);
    result("wonly rename-to-deleted-name", rename(wonly_path, deleted));
    no_open("wonly procfd rdonly after rename", AT_FDCWD, fmt("/proc/self/fd/%d", w), O_RDONLY);
    result("wonly rename-back", rename(deleted, wonly_path));
    close(w);

    // A memfd whose name imitates a synthetic file's: reopening it resolves that name in the
    // guest's view, and the name leads nowhere the guest may not go.
    static const char *names[] = {"safehouse:/proc/1/environ", "safehouse:/proc/kcore", "safehouse:/../../etc/shadow",
                                  "safehouse:/proc/self/../1/mem"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        int m = memfd_create(names[i], MFD_CLOEXEC);
        if (m < 0) { printf("memfd %s: setup %s\n", names[i], ename(errno)); continue; }
        no_open(fmt("memfd %s reopen", names[i]), AT_FDCWD, fmt("/proc/self/fd/%d", m), O_RDONLY);
        close(m);
    }
}

// ---------------------------------------------------------------------------------------------
// stdin: a host file given as stdin (`safehouse run ... < FILE`) is a host object outside every
// zone. The guest may read the descriptor it was given; a reopen must not make it writable.

static void mode_stdin(void) {
    char link[PATH_MAX] = "";
    ssize_t n = readlink("/proc/self/fd/0", link, sizeof link - 1);
    if (n > 0) link[n] = 0;
    printf("stdin link names no host path: %s\n", n <= 0 ? ename(errno) : strchr(link, '/') ? "LEAK" : "ok");
    if (n > 0 && strchr(link, '/')) printf("  link: %s\n", link);
    char buf[64];
    printf("stdin read: %s\n", read(0, buf, sizeof buf) > 0 ? "ok" : ename(errno));
    may_open("stdin procfd rdonly", AT_FDCWD, "/proc/self/fd/0", O_RDONLY);
    static const struct { const char *name; const char *path; int flags; } tries[] = {
        {"stdin procfd rdwr", "/proc/self/fd/0", O_RDWR},
        {"stdin procfd append", "/proc/self/fd/0", O_WRONLY | O_APPEND},
        {"stdin devstdin rdwr", "/dev/stdin", O_RDWR},
        {"stdin devfd append", "/dev/fd/0", O_WRONLY | O_APPEND},
        {"stdin thread-self append", "/proc/thread-self/fd/0", O_WRONLY | O_APPEND},
        {"stdin procfd rdonly-trunc", "/proc/self/fd/0", O_RDONLY | O_TRUNC},
        {"stdin procfd trunc", "/proc/self/fd/0", O_WRONLY | O_TRUNC},
    };
    for (size_t i = 0; i < sizeof tries / sizeof *tries; i++) {
        int fd = open(tries[i].path, tries[i].flags | O_CLOEXEC);
        if (fd < 0) { printf("%s: %s\n", tries[i].name, ename(errno)); continue; }
        printf("%s: LEAK\n", tries[i].name);
        if ((tries[i].flags & O_ACCMODE) != O_RDONLY) try_write(tries[i].name, fd);
        close(fd);
    }
    struct stat st;
    printf("stdin size kept: %s\n", fstat(0, &st) == 0 && st.st_size > 0 ? "yes" : "no");
    no_open("stdin procfd dotdot", AT_FDCWD, "/proc/self/fd/0/..", O_RDONLY);
}

// ---------------------------------------------------------------------------------------------
// sysdev: /sys holds the CPU list and nothing else; /dev the synthetic devices and nothing else.

static void mode_sysdev(void) {
    char *l = listing(AT_FDCWD, "/sys");
    printf("sys listing: %s\n", l ? l : ename(errno));
    free(l);
    l = listing(AT_FDCWD, "/sys/devices/system/cpu");
    printf("sys cpu listing: %s\n", l ? l : ename(errno));
    free(l);
    may_open("control sys cpu-online", AT_FDCWD, "/sys/devices/system/cpu/online", O_RDONLY);
    static const char *sys_absent[] = {
        "/sys/kernel", "/sys/kernel/notes", "/sys/kernel/debug", "/sys/kernel/security", "/sys/kernel/mm/ksm/run",
        "/sys/kernel/kexec_loaded", "/sys/kernel/uevent_helper", "/sys/kernel/vmcoreinfo", "/sys/fs/cgroup",
        "/sys/fs/cgroup/cgroup.procs", "/sys/fs/bpf", "/sys/fs/fuse/connections", "/sys/class/net", "/sys/class/dmi/id/product_uuid",
        "/sys/firmware", "/sys/firmware/efi/efivars", "/sys/power/state", "/sys/module", "/sys/block",
        "/sys/devices/system/cpu/cpu0/topology", "/sys/devices/system/cpu/cpu0/cpufreq",
        "/sys/devices/system/cpu/cpu0/topology/core_id", "/sys/devices/system/cpu/cpu4096", "/sys/devices/virtual/dmi/id/product_serial",
        "/sys/devices/system/cpu/vulnerabilities", "/sys/bus", "/sys/dev/block",
    };
    for (size_t i = 0; i < sizeof sys_absent / sizeof *sys_absent; i++) {
        no_open(fmt("absent %s", sys_absent[i]), AT_FDCWD, sys_absent[i], O_RDONLY);
        no_open(fmt("absent %s wronly", sys_absent[i]), AT_FDCWD, sys_absent[i], O_WRONLY);
    }
    no_open("w /sys/devices/system/cpu/online wronly", AT_FDCWD, "/sys/devices/system/cpu/online", O_WRONLY);
    no_open("w /sys/devices/system/cpu/online trunc", AT_FDCWD, "/sys/devices/system/cpu/online", O_RDWR | O_TRUNC);
    must_fail("chmod /sys/devices/system/cpu/online", chmod("/sys/devices/system/cpu/online", 0666));
    must_fail("unlink /sys/devices/system/cpu/online", unlink("/sys/devices/system/cpu/online"));
    must_fail("mkdir /sys/proc-attack-d", mkdir("/sys/proc-attack-d", 0755));
    must_fail("creat /sys/devices/proc-attack-f", creat("/sys/devices/proc-attack-f", 0644));
    no_open("sys dotdot shadow", AT_FDCWD, "/sys/devices/system/cpu/../../../../etc/shadow", O_RDONLY);

    l = listing(AT_FDCWD, "/dev");
    printf("dev listing: %s\n", l ? l : ename(errno));
    free(l);
    l = listing(AT_FDCWD, "/dev/pts");
    printf("dev pts listing: %s\n", l ? l : ename(errno));
    free(l);
    static const char *dev_absent[] = {
        "/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg", "/dev/console", "/dev/tty0", "/dev/tty1", "/dev/ttyS0",
        "/dev/sda", "/dev/vda", "/dev/nvme0n1", "/dev/loop0", "/dev/loop-control", "/dev/mapper/control",
        "/dev/fuse", "/dev/net/tun", "/dev/kvm", "/dev/vhost-net", "/dev/vsock", "/dev/cpu/0/msr", "/dev/hpet",
        "/dev/rtc0", "/dev/watchdog", "/dev/autofs", "/dev/btrfs-control", "/dev/uinput", "/dev/dri", "/dev/snd",
        "/dev/userfaultfd", "/dev/mqueue", "/dev/hugepages", "/dev/core", "/dev/log", "/dev/initctl",
        "/dev/pts/0", "/dev/pts/1",
    };
    for (size_t i = 0; i < sizeof dev_absent / sizeof *dev_absent; i++)
        no_open(fmt("absent %s", dev_absent[i]), AT_FDCWD, dev_absent[i], O_RDWR);
    may_open("control dev-null rdwr", AT_FDCWD, "/dev/null", O_RDWR);
    int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
    printf("control dev-full write: %s\n", full < 0 ? ename(errno) : write(full, "x", 1) < 0 ? ename(errno) : "ok");
    int ptmx = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    printf("control dev-ptmx: %s\n", ptmx < 0 ? ename(errno) : "ok");
    if (ptmx >= 0) {
        char name[64] = "";
        int unlock = 0;
        ioctl(ptmx, TIOCSPTLCK, &unlock);
        ptsname_r(ptmx, name, sizeof name);
        printf("control dev-ptmx pts: %s\n", !strcmp(name, "/dev/pts/0") ? "/dev/pts/0" : name);
        close(ptmx);
    }
    static const char *devs[] = {"/dev/null", "/dev/zero", "/dev/urandom", "/dev/pts", "/dev/fd", "/dev"};
    for (size_t i = 0; i < sizeof devs / sizeof *devs; i++) {
        must_fail(fmt("chmod %s", devs[i]), chmod(devs[i], 0777));
        must_fail(fmt("chown %s", devs[i]), chown(devs[i], 0, 0));
        must_fail(fmt("unlink %s", devs[i]), unlink(devs[i]));
        must_fail(fmt("rename %s", devs[i]), rename(devs[i], "/dev/proc-attack-r"));
        must_fail(fmt("setxattr %s", devs[i]), setxattr(devs[i], "user.proc-attack", "x", 1, 0));
        must_fail(fmt("utimensat %s", devs[i]), utimensat(AT_FDCWD, devs[i], NULL, 0));
    }
    must_fail("mknod chr dev-shm", mknod("/dev/shm/proc-attack-mem", S_IFCHR | 0666, makedev(1, 1)));
    must_fail("mknod blk tmp", mknod("/tmp/proc-attack-sda", S_IFBLK | 0666, makedev(8, 0)));
    must_fail("mknod chr dev", mknod("/dev/proc-attack-kmsg", S_IFCHR | 0666, makedev(1, 11)));
    must_fail("creat dev", creat("/dev/proc-attack-f", 0644));
    must_fail("symlink dev", symlink("/proc/kcore", "/dev/proc-attack-l"));
    must_fail("mkdir dev-pts", mkdir("/dev/pts/proc-attack-d", 0755));
    no_open("dev-shm dotdot shadow", AT_FDCWD, "/dev/shm/../../etc/shadow", O_RDONLY);
    no_open("dev-shm dotdot kcore", AT_FDCWD, "/dev/shm/../../proc/kcore", O_RDONLY);
    no_open("dev-fd proc-kcore", AT_FDCWD, "/dev/fd/../kcore", O_RDONLY);
    no_open("dev-fd dotdot 1-environ", AT_FDCWD, "/dev/fd/../../1/environ", O_RDONLY);
    int shm = open("/dev/shm/proc-attack-ok", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    printf("control dev-shm create: %s\n", shm < 0 ? ename(errno) : "ok");
    if (shm >= 0) close(shm);
    must_fail("dev-shm symlink kcore then open",
              symlink("/proc/kcore", "/dev/shm/proc-attack-l") < 0 ? -1 : open("/dev/shm/proc-attack-l", O_RDONLY | O_CLOEXEC));
    unlink("/dev/shm/proc-attack-l");
    unlink("/dev/shm/proc-attack-ok");
}

// ---------------------------------------------------------------------------------------------
// scan: every readable file under /proc and /sys to stderr, for the test's mechanical search.

static long scanned_files, scanned_bytes;
static FILE *dump_to;

static void scan(const char *path, int depth) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    DIR *d = fdopendir(fd);
    if (!d) { close(fd); return; }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *child = malloc(PATH_MAX);
        snprintf(child, PATH_MAX, "%s/%s", path, e->d_name);
        if (e->d_type == DT_LNK) {
            char target[PATH_MAX];
            ssize_t n = readlink(child, target, sizeof target - 1);
            if (n >= 0) { target[n] = 0; fprintf(dump_to, "== %s -> %s\n", child, target); }
        } else if (e->d_type == DT_DIR) {
            // fd/ holds this process's own pipes (reading stdout's would block).
            if (depth < 6 && strcmp(e->d_name, "fd")) scan(child, depth + 1);
        } else {
            static char buf[1 << 18];
            ssize_t n = slurp(AT_FDCWD, child, buf, sizeof buf);
            if (n >= 0) {
                scanned_files++;
                scanned_bytes += n;
                fprintf(dump_to, "== %s\n", child);
                fwrite(buf, 1, n, dump_to);
                fputc('\n', dump_to);
            }
        }
        free(child);
    }
    closedir(d);
}

static void mode_scan(const char *path) {
    if (!(dump_to = fopen(path, "we"))) { printf("scan: setup %s\n", ename(errno)); return; }
    scan("/proc", 0);
    scan("/sys", 0);
    fprintf(dump_to, "== scanned %ld files, %ld bytes\n", scanned_files, scanned_bytes);
    fclose(dump_to);
    printf("scan files>20: %s\n", scanned_files > 20 ? "yes" : "no");
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) { fprintf(stderr, "usage: proc_attack MODE [ARGS...]\n"); return 2; }
    const char *mode = argv[1];
    if (!strcmp(mode, "write")) mode_write();
    else if (!strcmp(mode, "fd")) mode_fd();
    else if (!strcmp(mode, "absent")) mode_absent();
    else if (!strcmp(mode, "init")) mode_init();
    else if (!strcmp(mode, "traverse")) mode_traverse();
    else if (!strcmp(mode, "race") && argc == 3) mode_race(atol(argv[2]));
    else if (!strcmp(mode, "pids")) mode_pids(argc - 2, argv + 2);
    else if (!strcmp(mode, "uring")) mode_uring();
    else if (!strcmp(mode, "abi")) mode_abi();
    else if (!strcmp(mode, "magic") && argc == 3) mode_magic(argv[2]);
    else if (!strcmp(mode, "stdin")) mode_stdin();
    else if (!strcmp(mode, "sysdev")) mode_sysdev();
    else if (!strcmp(mode, "scan") && argc == 3) mode_scan(argv[2]);
    else return 2;
    return 0;
}
