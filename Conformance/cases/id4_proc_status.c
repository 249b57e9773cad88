// syscalls: openat read getresuid getresgid getgroups capget prctl setfsuid umask
// expect: same
/* /proc/<pid>/status identity lines against the syscalls: Uid and Gid carry real, effective,
 * saved and fs ids in that order, Groups the supplementary list, the Cap* lines the capget sets
 * (all zero without capabilities), NoNewPrivs the prctl flag and Umask the umask. Read through
 * /proc/self, /proc/thread-self, /proc/<getpid()> and a forked child's /proc/<pid>; only
 * agreement is printed. Natively the case first becomes uid/gid 1000 with no groups. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <pthread.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static char *line(const char *buf, const char *key) {
    static char out[512];
    size_t k = strlen(key);
    for (const char *p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, key, k) == 0 && p[k] == ':') {
            const char *v = p + k + 1;
            while (*v == '\t' || *v == ' ') v++;
            size_t n = strcspn(v, "\n");
            snprintf(out, sizeof out, "%.*s", (int)n, v);
            return out;
        }
    }
    return NULL;
}

static int read_file(const char *path, char *buf, size_t size) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    size_t n = 0;
    ssize_t r;
    while (n + 1 < size && (r = read(fd, buf + n, size - 1 - n)) > 0) n += r;
    buf[n] = 0;
    close(fd);
    return 0;
}

static void check(const char *label, const char *path) {
    char buf[8192];
    printf("== %s\n", label);
    if (read_file(path, buf, sizeof buf) < 0) { printf("open: %s\n", errname(errno)); return; }
    uid_t r, e, s;
    gid_t gr, ge, gs;
    MUST(getresuid(&r, &e, &s));
    MUST(getresgid(&gr, &ge, &gs));
    char want[256];
    snprintf(want, sizeof want, "%u\t%u\t%u\t%u", r, e, s, (unsigned)setfsuid(-1));
    char *v = line(buf, "Uid");
    FACT("Uid line == real effective saved fs", v && strcmp(v, want) == 0);
    snprintf(want, sizeof want, "%u\t%u\t%u\t%u", gr, ge, gs, (unsigned)setfsgid(-1));
    v = line(buf, "Gid");
    FACT("Gid line == real effective saved fs", v && strcmp(v, want) == 0);
    gid_t list[64];
    int n = getgroups(64, list);
    want[0] = 0;
    for (int i = 0; i < n; i++) snprintf(want + strlen(want), sizeof want - strlen(want), "%u ", list[i]);
    v = line(buf, "Groups");
    printf("getgroups count: %d\n", n);
    FACT("Groups line == getgroups", v && strcmp(v, want) == 0);
    struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct d[2];
    MUST(syscall(SYS_capget, &h, d));
    unsigned long long eff = d[0].effective | (unsigned long long)d[1].effective << 32;
    unsigned long long prm = d[0].permitted | (unsigned long long)d[1].permitted << 32;
    unsigned long long inh = d[0].inheritable | (unsigned long long)d[1].inheritable << 32;
    const char *keys[] = { "CapInh", "CapPrm", "CapEff", "CapAmb" };
    unsigned long long vals[] = { inh, prm, eff, 0 };
    for (int i = 0; i < 4; i++) {
        v = line(buf, keys[i]);
        printf("%s present %s, == capget %s, zero %s\n", keys[i], v ? "yes" : "no",
               v && strtoull(v, NULL, 16) == vals[i] ? "yes" : "no", v && strtoull(v, NULL, 16) == 0 ? "yes" : "no");
    }
    v = line(buf, "NoNewPrivs");
    FACT("NoNewPrivs == prctl", v && atoi(v) == prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    v = line(buf, "Umask");
    printf("Umask: %s\n", v ? v : "(missing)");
}

static void *thread(void *arg) {
    (void)arg;
    check("/proc/thread-self/status in a thread", "/proc/thread-self/status");
    return NULL;
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    MUST(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
    umask(027);
    check("/proc/self/status", "/proc/self/status");
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", getpid());
    check("/proc/<getpid()>/status", path);
    pthread_t t;
    MUST(pthread_create(&t, NULL, thread, NULL) ? -1 : 0);
    pthread_join(t, NULL);
    fflush(stdout);
    int ready[2], go[2];
    MUST(pipe(ready));
    MUST(pipe(go));
    pid_t child = fork();
    MUST(child);
    if (child == 0) { umask(077); char c; write(ready[1], "r", 1); read(go[0], &c, 1); _exit(0); }
    char c;
    MUST(read(ready[0], &c, 1));
    snprintf(path, sizeof path, "/proc/%d/status", child);
    check("a forked child's /proc/<pid>/status", path);
    write(go[1], "x", 1);
    int st;
    MUST(waitpid(child, &st, 0));
    return 0;
}
