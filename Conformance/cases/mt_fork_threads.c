// syscalls: clone fork wait4 gettid getpid openat read
// expect: same
/* fork() from a multi-threaded process: the child has only the forking thread (Threads: 1, one
 * task entry), running as its own main thread (gettid == getpid), with the forking thread's
 * signal mask; memory written by other threads before the fork is visible; the parent's threads
 * keep running. Forking from a non-main thread works the same. */
#include "common.h"
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static int status_threads(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    int n = -1;
    while (fgets(line, sizeof line, f)) if (sscanf(line, "Threads: %d", &n) == 1) break;
    fclose(f);
    return n;
}

static int task_count(void) {
    DIR *d = opendir("/proc/self/task");
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) if (e->d_name[0] != '.') n++;
    closedir(d);
    return n;
}

static atomic_int stop, counter, running;
static int written_by_thread;

static void *spinner(void *arg) {
    (void)arg;
    written_by_thread = 1234;
    running++;
    while (!stop) { counter++; usleep(1000); }
    return NULL;
}

static int child_report(void) {
    int ok = 0;
    if (status_threads() == 1) ok |= 1;
    if (task_count() == 1) ok |= 2;
    if (syscall(SYS_gettid) == getpid()) ok |= 4;
    if (written_by_thread == 1234) ok |= 8;
    sigset_t m;
    pthread_sigmask(SIG_BLOCK, NULL, &m);
    if (sigismember(&m, SIGUSR2)) ok |= 16;
    int before = counter;
    usleep(30000);
    if (counter == before) ok |= 32; /* no spinner in the child */
    return ok;
}

static void *fork_from_thread(void *arg) {
    (void)arg;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    pid_t c = fork();
    if (c == 0) _exit(child_report());
    int st;
    waitpid(c, &st, 0);
    return (void *)(long)WEXITSTATUS(st);
}

static void show(const char *label, int bits) {
    printf("%s: Threads 1 %s, one task %s, tid==pid %s, sees thread's write %s, mask inherited %s, no other threads run %s\n",
           label, bits & 1 ? "yes" : "no", bits & 2 ? "yes" : "no", bits & 4 ? "yes" : "no",
           bits & 8 ? "yes" : "no", bits & 16 ? "yes" : "no", bits & 32 ? "yes" : "no");
}

int main(void) {
    pthread_t t[3];
    for (int i = 0; i < 3; i++) MUST(-(pthread_create(&t[i], NULL, spinner, NULL) != 0));
    while (running < 3) usleep(1000);
    printf("parent: Threads %d\n", status_threads());
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    pid_t c = fork();
    MUST(c);
    if (c == 0) _exit(child_report());
    int st;
    MUST(waitpid(c, &st, 0));
    show("fork from main", WEXITSTATUS(st));
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    pthread_t f;
    void *r;
    MUST(-(pthread_create(&f, NULL, fork_from_thread, NULL) != 0));
    pthread_join(f, &r);
    show("fork from a thread", (int)(long)r);
    int before = counter;
    usleep(30000);
    FACT("parent's threads still run", counter != before);
    printf("parent: Threads %d\n", status_threads());
    stop = 1;
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    return 0;
}
