// syscalls: execve clone gettid getpid exit_group
// expect: same
/* execve from a thread that is not the main thread: every other thread vanishes, the process
 * keeps its pid, and the new program runs as the thread group leader with one thread. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static char *self;
static char pidarg[32];

static int threads_in_status(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    int n = -1;
    while (fgets(line, sizeof line, f)) if (sscanf(line, "Threads: %d", &n) == 1) break;
    fclose(f);
    return n;
}

static int tasks(void) {
    DIR *d = opendir("/proc/self/task");
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) if (e->d_name[0] != '.') n++;
    closedir(d);
    return n;
}

static void *spin(void *arg) { (void)arg; for (;;) pause(); return NULL; }

static int rpipe[2];
static void *reader(void *arg) {
    (void)arg;
    char b;
    read(rpipe[0], &b, 1);
    printf("read returned in the reader thread?\n");
    return NULL;
}

static void *execer(void *arg) {
    (void)arg;
    usleep(20000);
    execl(self, self, "after", pidarg, (char *)NULL);
    printf("exec failed: %s\n", errname(errno));
    exit(1);
}

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "after")) {
        printf("after exec: pid preserved: %s\n", atoi(argv[2]) == getpid() ? "yes" : "no");
        printf("after exec: gettid == getpid: %s\n", syscall(SYS_gettid) == getpid() ? "yes" : "no");
        printf("after exec: Threads: %d, tasks listed: %d\n", threads_in_status(), tasks());
        return 5;
    }
    self = argv[0];
    MUST(pipe(rpipe));
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        snprintf(pidarg, sizeof pidarg, "%d", getpid());
        pthread_t t;
        for (int i = 0; i < 3; i++) pthread_create(&t, NULL, spin, NULL);
        printf("before exec: Threads: %d, tasks listed: %d\n", threads_in_status(), tasks());
        fflush(stdout);
        pthread_create(&t, NULL, execer, NULL);
        for (;;) pause();
    }
    int st;
    MUST(waitpid(c, &st, 0));
    printf("child: %s %d\n", WIFEXITED(st) ? "exited" : "signaled", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));

    /* exec from a thread while the main thread is blocked in wait4 on a child of its own and
     * another thread is blocked in a pipe read: both calls are abandoned */
    fflush(stdout);
    c = fork();
    MUST(c);
    if (c == 0) {
        snprintf(pidarg, sizeof pidarg, "%d", getpid());
        pid_t grandchild = fork();
        if (grandchild == 0) { sleep(30); _exit(0); }
        pthread_t t2;
        pthread_create(&t2, NULL, reader, NULL);
        pthread_create(&t2, NULL, execer, NULL);
        waitpid(grandchild, NULL, 0);
        printf("wait4 returned in the main thread?\n");
        _exit(1);
    }
    MUST(waitpid(c, &st, 0));
    printf("child blocked in wait4 + read: %s %d\n", WIFEXITED(st) ? "exited" : "signaled", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));

    /* a failing exec from a thread leaves all threads in place */
    pthread_t t;
    for (int i = 0; i < 2; i++) pthread_create(&t, NULL, spin, NULL);
    int before = threads_in_status();
    REPORT("execve missing from main with threads", execl("/nonexistent/y", "y", (char *)NULL));
    printf("threads unchanged after failing exec: %s\n", threads_in_status() == before ? "yes" : "no");
    return 0;
}
