// syscalls: kill openat read wait4 clone
// expect: same
/* /proc/<child>/stat and status show a child's state: S while sleeping, T after SIGSTOP, back
 * to S after SIGCONT, Z after it exits and before it is reaped; gone after. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

static char state_of(pid_t pid) {
    char p[64], buf[512];
    snprintf(p, sizeof p, "/proc/%d/stat", pid);
    int fd = open(p, O_RDONLY);
    if (fd < 0) return '-';
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return '?';
    buf[n] = 0;
    char *q = strrchr(buf, ')');
    return q && q[1] == ' ' ? q[2] : '?';
}

static void status_state(pid_t pid, char *out, size_t size) {
    char p[64], line[256];
    snprintf(p, sizeof p, "/proc/%d/status", pid);
    FILE *f = fopen(p, "r");
    snprintf(out, size, "%s", "missing");
    if (!f) return;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "State:", 6)) {
            char *v = line + 6;
            while (*v == ' ' || *v == '\t') v++;
            v[strcspn(v, "\n")] = 0;
            snprintf(out, size, "%s", v);
        }
    fclose(f);
}

static void *idle(void *arg) { (void)arg; for (;;) pause(); return NULL; }

/* Number of tasks of pid (in state `want`, or all if 0). */
static int count_tasks(pid_t pid, char want) {
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/task", pid);
    DIR *d = opendir(p);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if (!want) { n++; continue; }
        char sp[384], buf[512];
        snprintf(sp, sizeof sp, "/proc/%d/task/%s/stat", pid, e->d_name);
        int fd = open(sp, O_RDONLY);
        if (fd < 0) continue;
        ssize_t k = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (k <= 0) continue;
        buf[k] = 0;
        char *q = strrchr(buf, ')');
        if (q && q[2] == want) n++;
    }
    closedir(d);
    return n;
}

static char wait_for(pid_t pid, char want) {
    char s = state_of(pid);
    for (int i = 0; i < 500 && s != want; i++) { usleep(10000); s = state_of(pid); }
    return s;
}

int main(void) {
    int p[2];
    MUST(pipe(p));
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        char b;
        close(p[1]);
        read(p[0], &b, 1);
        _exit(0);
    }
    char st[64];
    printf("blocked in read: %c\n", wait_for(c, 'S'));
    status_state(c, st, sizeof st);
    printf("  status: %s\n", st);
    MUST(kill(c, SIGSTOP));
    int ws;
    MUST(waitpid(c, &ws, WUNTRACED));
    printf("after SIGSTOP: %c (waitpid says stopped by %s)\n", state_of(c), sigabbrev_np(WSTOPSIG(ws)));
    status_state(c, st, sizeof st);
    printf("  status: %s\n", st);
    MUST(kill(c, SIGCONT));
    printf("after SIGCONT: %c\n", wait_for(c, 'S'));
    write(p[1], "x", 1);
    printf("after exit, not reaped: %c\n", wait_for(c, 'Z'));
    status_state(c, st, sizeof st);
    printf("  status: %s\n", st);
    MUST(waitpid(c, &ws, 0));
    printf("after reaping: %c\n", state_of(c));

    /* a stopped multi-threaded child: every task is T */
    c = fork();
    MUST(c);
    if (c == 0) {
        pthread_t t;
        for (int i = 0; i < 3; i++) pthread_create(&t, NULL, idle, NULL);
        for (;;) pause();
    }
    int tasks_seen = 0;
    for (int i = 0; i < 500 && (tasks_seen = count_tasks(c, 0)) < 4; i++) usleep(10000);
    int asleep = 0;
    for (int i = 0; i < 500 && (asleep = count_tasks(c, 'S')) < 4; i++) usleep(10000);
    printf("threaded child: %d tasks, sleeping %d\n", tasks_seen, asleep);
    MUST(kill(c, SIGSTOP));
    MUST(waitpid(c, &ws, WUNTRACED));
    int stopped = 0;
    for (int i = 0; i < 500 && (stopped = count_tasks(c, 'T')) < 4; i++) usleep(10000);
    printf("threaded child after SIGSTOP: %d tasks in T\n", stopped);
    MUST(kill(c, SIGCONT));
    int sleeping = 0;
    for (int i = 0; i < 500 && (sleeping = count_tasks(c, 'S')) < 4; i++) usleep(10000);
    printf("threaded child after SIGCONT: %d tasks in S\n", sleeping);
    MUST(kill(c, SIGKILL));
    MUST(waitpid(c, &ws, 0));

    /* a busy child is R while running (2 cores: poll until seen) */
    c = fork();
    MUST(c);
    if (c == 0) { for (volatile long i = 0;; i++); }
    printf("busy child: %c\n", wait_for(c, 'R'));
    MUST(kill(c, SIGSTOP));
    MUST(waitpid(c, &ws, WUNTRACED));
    printf("busy child stopped: %c\n", state_of(c));
    MUST(kill(c, SIGKILL));
    MUST(waitpid(c, &ws, 0));
    printf("killed while stopped: %s\n", sigabbrev_np(WTERMSIG(ws)));
    return 0;
}
