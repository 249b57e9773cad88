// syscalls: openat read readlink getdents64 prctl chdir clone exit wait4 waitid
// expect: same
/* A parent watches /proc/<child> while the child changes: it renames itself (prctl PR_SET_NAME)
 * and its threads (pthread_setname_np writes task/<tid>/comm), changes directory, starts and ends
 * threads, then exits: as a zombie its stat and status say Z, its comm stays, its command line
 * is empty, cwd and exe links are gone and one task is listed; reaped, /proc/<child> is gone. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char dir[64], sub[96];
static int to_child[2], from_child[2];

static char *slurp(pid_t pid, const char *name, ssize_t *len) {
    static char buf[8192];
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/%s", pid, name);
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { *len = -errno; return NULL; }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0) { *len = -errno; return NULL; }
    buf[n] = 0;
    *len = n;
    return buf;
}

static void show_status_field(pid_t pid, const char *label, const char *field) {
    ssize_t n;
    char *s = slurp(pid, "status", &n);
    if (!s) { printf("%s: status %s\n", label, errname((int)-n)); return; }
    char *line = strstr(s, field);
    if (!line) { printf("%s: no %s\n", label, field); return; }
    char *end = strchr(line, '\n');
    if (end) *end = 0;
    printf("%s: %s\n", label, line);
}

static void show_stat(pid_t pid, const char *label) {
    ssize_t n;
    char *s = slurp(pid, "stat", &n);
    if (!s) { printf("%s: stat %s\n", label, errname((int)-n)); return; }
    char *open_p = strchr(s, '('), *close_p = strrchr(s, ')');
    if (!open_p || !close_p) { printf("%s: stat malformed\n", label); return; }
    *close_p = 0;
    /* field 20 (num_threads) is the 18th after ")" */
    char *rest = close_p + 2;
    char state = rest[0];
    int threads = 0;
    char *tok = strtok(rest, " ");
    for (int i = 1; tok && i <= 18; i++) { if (i == 18) threads = atoi(tok); tok = strtok(NULL, " "); }
    /* a running child may be caught on its way to its next read: only the zombie's state is fixed */
    if (strcmp(label, "zombie")) printf("%s: stat comm (%s), threads %d\n", label, open_p + 1, threads);
    else printf("%s: stat comm (%s), state %c, threads %d\n", label, open_p + 1, state, threads);
}

static void show_link(pid_t pid, const char *label, const char *name) {
    char p[64], t[256];
    snprintf(p, sizeof p, "/proc/%d/%s", pid, name);
    ssize_t n = readlink(p, t, sizeof t - 1);
    if (n < 0) { printf("%s: %s link %s\n", label, name, errname(errno)); return; }
    t[n] = 0;
    const char *b = strrchr(t, '/');
    b = b ? b + 1 : t;
    printf("%s: %s link ends in %s\n", label, name, !strncmp(b, "mt3-pcz-", 8) ? "the scratch directory" : b);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

static void show_tasks(pid_t pid, const char *label) {
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/task", pid);
    DIR *d = opendir(p);
    if (!d) { printf("%s: task listing %s\n", label, errname(errno)); return; }
    char *names[16];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 16) {
        if (e->d_name[0] == '.') continue;
        char q[512], buf[32] = {0};
        snprintf(q, sizeof q, "%s/%s/comm", p, e->d_name);
        int fd = open(q, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) { ssize_t k = read(fd, buf, sizeof buf - 1); close(fd); if (k > 0 && buf[k - 1] == '\n') buf[k - 1] = 0; }
        else snprintf(buf, sizeof buf, "(%s)", errname(errno));
        names[n++] = strdup(buf);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("%s: %d tasks:", label, n);
    for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
}

static void step(void) {
    char b = 0;
    write(from_child[1], "s", 1);
    read(to_child[0], &b, 1);
}

static void *child_thread(void *arg) {
    char b;
    read((int)(long)arg, &b, 1);
    return NULL;
}

int main(void) {
    strcpy(dir, "/tmp/mt3-pcz-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    snprintf(sub, sizeof sub, "%s/workdir", dir);
    MUST(mkdir(sub, 0755));
    MUST(pipe2(to_child, O_CLOEXEC));
    MUST(pipe2(from_child, O_CLOEXEC));
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        prctl(PR_SET_NAME, "renamed-child");
        chdir(sub);
        int q1[2], q2[2];
        pipe(q1); pipe(q2);
        pthread_t t1, t2;
        pthread_create(&t1, NULL, child_thread, (void *)(long)q1[0]);
        pthread_create(&t2, NULL, child_thread, (void *)(long)q2[0]);
        pthread_setname_np(t1, "worker-one");
        pthread_setname_np(t2, "worker-two");
        step();                                   /* 1: three threads, in workdir */
        write(q1[1], "x", 1);
        pthread_join(t1, NULL);
        chdir("..");
        step();                                   /* 2: two threads, in the scratch dir */
        write(q2[1], "x", 1);
        pthread_join(t2, NULL);
        _exit(3);
    }
    char b;
    MUST(read(from_child[0], &b, 1));
    show_stat(c, "running");
    show_status_field(c, "running", "Name:");
    show_status_field(c, "running", "Threads:");
    show_link(c, "running", "cwd");
    show_tasks(c, "running");
    write(to_child[1], "g", 1);
    MUST(read(from_child[0], &b, 1));
    show_stat(c, "after a thread ended");
    show_link(c, "after chdir(..)", "cwd");
    show_tasks(c, "after a thread ended");
    write(to_child[1], "g", 1);

    siginfo_t si;
    MUST(waitid(P_PID, c, &si, WEXITED | WNOWAIT));
    printf("zombie: exit status %d\n", si.si_status);
    show_stat(c, "zombie");
    show_status_field(c, "zombie", "State:");
    show_status_field(c, "zombie", "Name:");
    show_status_field(c, "zombie", "Threads:");
    ssize_t n;
    slurp(c, "cmdline", &n);
    printf("zombie: cmdline: %s\n", n < 0 ? errname((int)-n) : n == 0 ? "empty" : "not empty");
    slurp(c, "comm", &n);
    printf("zombie: comm readable: %s\n", n > 0 ? "yes" : "no");
    show_link(c, "zombie", "cwd");
    show_link(c, "zombie", "exe");
    show_tasks(c, "zombie");
    int st;
    MUST(waitpid(c, &st, 0));
    show_stat(c, "reaped");
    show_link(c, "reaped", "cwd");
    show_tasks(c, "reaped");
    rmdir(sub);
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
