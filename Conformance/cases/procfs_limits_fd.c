// syscalls: openat read getrlimit setrlimit prlimit64 lseek fcntl readlink getdents64 dup pipe2 socket eventfd2
// expect: same
/* /proc/self/limits against getrlimit for every resource (also after setrlimit), header and units
 * shape; /proc/self/fd entries and link targets, /proc/self/fdinfo pos after lseek and flags vs
 * fcntl F_GETFL (octal, O_CLOEXEC shown, O_APPEND/O_NONBLOCK after F_SETFL), fdinfo of special fds. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "procfs_util.h"


static const struct { int res; const char *name; const char *unit; } R[] = {
    { RLIMIT_CPU, "Max cpu time", "seconds" }, { RLIMIT_FSIZE, "Max file size", "bytes" },
    { RLIMIT_DATA, "Max data size", "bytes" }, { RLIMIT_STACK, "Max stack size", "bytes" },
    { RLIMIT_CORE, "Max core file size", "bytes" }, { RLIMIT_RSS, "Max resident set", "bytes" },
    { RLIMIT_NPROC, "Max processes", "processes" }, { RLIMIT_NOFILE, "Max open files", "files" },
    { RLIMIT_MEMLOCK, "Max locked memory", "bytes" }, { RLIMIT_AS, "Max address space", "bytes" },
    { RLIMIT_LOCKS, "Max file locks", "locks" }, { RLIMIT_SIGPENDING, "Max pending signals", "signals" },
    { RLIMIT_MSGQUEUE, "Max msgqueue size", "bytes" }, { RLIMIT_NICE, "Max nice priority", "" },
    { RLIMIT_RTPRIO, "Max realtime priority", "" }, { RLIMIT_RTTIME, "Max realtime timeout", "us" },
};

static int parse_limit(const char *s, rlim_t *out) {
    while (*s == ' ') s++;
    if (!strncmp(s, "unlimited", 9)) { *out = RLIM_INFINITY; return 1; }
    char *e;
    unsigned long long v = strtoull(s, &e, 10);
    if (e == s) return 0;
    *out = v;
    return 1;
}

static void check_limits(const char *when) {
    char buf[8192];
    ssize_t n = slurp("/proc/self/limits", buf, sizeof buf);
    int lines = 0;
    for (char *p = buf; n > 0 && *p; p++) lines += *p == '\n';
    printf("%s: lines %d, header %s\n", when, lines, !strncmp(buf, "Limit", 5) && strstr(buf, "Soft Limit") && strstr(buf, "Hard Limit") && strstr(buf, "Units") ? "ok" : "bad");
    int all = 1;
    for (size_t i = 0; i < sizeof R / sizeof *R; i++) {
        char *line = strstr(buf, R[i].name);
        rlim_t soft = 0, hard = 0;
        struct rlimit rl;
        getrlimit(R[i].res, &rl);
        int ok = line && strlen(line) > 47 && parse_limit(line + 26, &soft) && parse_limit(line + 47, &hard);
        int unit_ok = 0;
        if (ok) {
            char *eol = strchr(line, '\n');
            char u[32] = "";
            if (eol && eol - line > 68) { sscanf(line + 68, "%31s", u); }
            unit_ok = !strcmp(u, R[i].unit);
        }
        int match = ok && soft == rl.rlim_cur && hard == rl.rlim_max;
        all &= match && unit_ok;
        if (!match || !unit_ok) printf("  %s: present %s, matches getrlimit %s, unit %s\n", R[i].name, line ? "yes" : "no", match ? "yes" : "no", unit_ok ? "ok" : "bad");
    }
    printf("  all 16 limits match getrlimit with units: %s\n", all ? "yes" : "no");
}

static void fdinfo(const char *label, int fd) {
    char path[64], buf[4096], v[64];
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    if (slurp(path, buf, sizeof buf) < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    long pos = field(buf, "pos", v, sizeof v) ? atol(v) : -1;
    char fv[64] = "";
    unsigned long flags = field(buf, "flags", fv, sizeof fv) ? strtoul(fv, NULL, 8) : ~0UL;
    int fl = fcntl(fd, F_GETFL), cloexec = fcntl(fd, F_GETFD) & FD_CLOEXEC;
    printf("%s: pos %ld (lseek %ld), flags octal %s, flags == F_GETFL (minus O_CLOEXEC, O_LARGEFILE) %s, O_CLOEXEC shown %s, mnt_id %s, ino %s\n",
           label, pos, (long)lseek(fd, 0, SEEK_CUR), fv[0] == '0' ? "yes" : "no",
           (flags & ~(unsigned long)(O_CLOEXEC | O_LARGEFILE)) == ((unsigned long)fl & ~(unsigned long)O_LARGEFILE) ? "yes" : "no",
           ((flags & O_CLOEXEC) != 0) == (cloexec != 0) ? "yes" : "no", field(buf, "mnt_id", v, sizeof v) ? "yes" : "no",
           field(buf, "ino", v, sizeof v) ? "yes" : "no");
}

static void fdlink(const char *label, int fd) {
    char path[64], l[256];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(path, l, sizeof l - 1);
    if (n < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    l[n] = 0;
    char *br = strchr(l, '[');
    if (br && l[0] != '/' && br[1] >= '0' && br[1] <= '9') { *br = 0; printf("%s: %s[N]\n", label, l); }
    else printf("%s: %s\n", label, l);
}

int main(void) {
    check_limits("initial");
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = 200;
    setrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = 12345; rl.rlim_max = 23456;
    REPORT("setrlimit MSGQUEUE 12345 23456 (lowering)", setrlimit(RLIMIT_MSGQUEUE, &rl));
    rl.rlim_cur = 77; rl.rlim_max = RLIM_INFINITY;
    getrlimit(RLIMIT_CPU, &rl);
    rl.rlim_cur = 77;
    setrlimit(RLIMIT_CPU, &rl);
    check_limits("after setrlimit");
    char buf[8192];
    slurp("/proc/self/limits", buf, sizeof buf);
    char *cpu = strstr(buf, "Max cpu time"), *core = strstr(buf, "Max msgqueue size");
    rlim_t a = 0, b = 0;
    FACT("limits shows Max cpu time soft 77", cpu && parse_limit(cpu + 26, &a) && a == 77);
    FACT("limits shows Max msgqueue size 12345 23456", core && parse_limit(core + 26, &a) && parse_limit(core + 47, &b) && a == 12345 && b == 23456);

    char path[] = "/tmp/conf-fdinfo-XXXXXX";
    int f = mkstemp(path);
    MUST(f);
    write(f, "0123456789", 10);
    fdinfo("mkstemp file after write", f);
    lseek(f, 3, SEEK_SET);
    fdinfo("after lseek 3", f);
    int d = dup(f);
    lseek(d, 7, SEEK_SET);
    fdinfo("original after lseek on dup", f);
    int ro = open(path, O_RDONLY | O_CLOEXEC);
    fdinfo("O_RDONLY|O_CLOEXEC", ro);
    int wa = open(path, O_WRONLY | O_APPEND);
    fdinfo("O_WRONLY|O_APPEND", wa);
    fcntl(ro, F_SETFL, O_NONBLOCK);
    fdinfo("after F_SETFL O_NONBLOCK", ro);
    fcntl(ro, F_SETFD, 0);
    fdinfo("after clearing FD_CLOEXEC", ro);
    int p[2];
    pipe2(p, O_NONBLOCK);
    fdinfo("pipe read end", p[0]);
    fdinfo("pipe write end", p[1]);
    int ev = eventfd(3, 0);
    fdinfo("eventfd", ev);
    char v[64];
    char ip[64];
    snprintf(ip, sizeof ip, "/proc/self/fdinfo/%d", ev);
    slurp(ip, buf, sizeof buf);
    printf("eventfd fdinfo eventfd-count: %s\n", field(buf, "eventfd-count", v, sizeof v) ? v : "absent");
    int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
    fdinfo("directory", dir);
    REPORT("fdinfo of a closed fd", open("/proc/self/fdinfo/999", O_RDONLY));

    char l[256];
    snprintf(ip, sizeof ip, "/proc/self/fd/%d", f);
    ssize_t n = readlink(ip, l, sizeof l - 1);
    FACT("fd link == mkstemp path", n > 0 && (l[n] = 0, !strcmp(l, path)));
    fdlink("pipe", p[0]);
    fdlink("eventfd", ev);
    fdlink("socket", socket(AF_UNIX, SOCK_STREAM, 0));
    fdlink("directory", dir);
    fdlink("/dev/null", open("/dev/null", O_RDONLY));
    unlink(path);
    n = readlink(ip, l, sizeof l - 1);
    FACT("fd link of the unlinked file ends with (deleted)", n > 10 && (l[n] = 0, strstr(l, " (deleted)") != NULL));
    REPORT("open /proc/self/fd/<unlinked> reopens it", open(ip, O_RDONLY));
    struct stat st1, st2;
    FACT("stat /proc/self/fd/N == fstat", stat(ip, &st1) == 0 && fstat(f, &st2) == 0 && st1.st_ino == st2.st_ino);
    FACT("lstat /proc/self/fd/N is a symlink", lstat(ip, &st1) == 0 && S_ISLNK(st1.st_mode));
    FACT("fd link mode 0700-ish (lstat permissions)", (st1.st_mode & 0777) == 0700 || (st1.st_mode & 0777) == 0500);

    DIR *dd = opendir("/proc/self/fd");
    int count = 0, has_dir_fd = 0;
    struct dirent *e;
    while ((e = readdir(dd))) {
        if (e->d_name[0] == '.') continue;
        count++;
        has_dir_fd |= atoi(e->d_name) == dirfd(dd);
    }
    closedir(dd);
    printf("fd entries (0-2, the new fds, the listing's own): %d\n", count);
    FACT("listing includes its own directory fd", has_dir_fd);
    return 0;
}
