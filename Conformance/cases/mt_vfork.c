// syscalls: vfork clone execve exit_group wait4
// expect: same
/* vfork: the parent is suspended until the child execs or exits; the child shares the parent's
 * memory meanwhile; vfork then _exit and vfork then a failing exec then _exit. */
#include "common.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>

static volatile int shared_word;

static atomic_int ticks, stop;
static void *ticker(void *arg) { (void)arg; while (!stop) { ticks++; usleep(1000); } return NULL; }
static void *vforker(void *arg) {
    char *self = arg;
    int before = 0;
    pid_t c = vfork();
    if (c == 0) {
        before = ticks;
        usleep(100000);
        /* ticks moved while this (vfork) child ran: the ticker thread is not suspended */
        if (ticks != before) execl(self, self, "from-thread", (char *)NULL);
        _exit(1);
    }
    int st;
    waitpid(c, &st, 0);
    return (void *)(long)(WEXITSTATUS(st) | (1 << 8));
}

int main(int argc, char **argv) {
    if (argc > 1) { printf("  re-executed with %s\n", argv[1]); fflush(stdout); return 12; }
    pid_t parent = getpid();
    fflush(stdout);
    pid_t c = vfork();
    if (c == 0) {
        shared_word = 42;
        _exit(getppid() == parent ? 3 : 4);
    }
    MUST(c);
    int st;
    MUST(waitpid(c, &st, 0));
    printf("vfork + _exit: exit %d\n", WEXITSTATUS(st));
    printf("the child's write is visible in the parent: %s\n", shared_word == 42 ? "yes" : "no");

    c = vfork();
    if (c == 0) {
        execl(argv[0], argv[0], "vfork-exec", (char *)NULL);
        _exit(98);
    }
    MUST(c);
    MUST(waitpid(c, &st, 0));
    printf("vfork + exec own binary: exit %d\n", WEXITSTATUS(st));

    c = vfork();
    if (c == 0) {
        execl("/bin/sh", "sh", "-c", "exit 21", (char *)NULL);
        _exit(98);
    }
    MUST(c);
    MUST(waitpid(c, &st, 0));
    printf("vfork + exec sh: exit %d\n", WEXITSTATUS(st));

    static volatile int exec_errno;
    c = vfork();
    if (c == 0) {
        execl("/nonexistent/x", "x", (char *)NULL);
        exec_errno = errno;
        _exit(97);
    }
    MUST(c);
    MUST(waitpid(c, &st, 0));
    printf("vfork + failed exec: exit %d, errno %s\n", WEXITSTATUS(st), errname(exec_errno));

    /* the parent does not run before the child execs: a flag set just before exec is seen */
    shared_word = 0;
    c = vfork();
    if (c == 0) {
        usleep(100000);
        shared_word = 7;
        execl("/bin/true", "true", (char *)NULL);
        _exit(98);
    }
    printf("parent resumed after the child's exec, saw flag %d\n", shared_word);
    MUST(waitpid(c, &st, 0));
    printf("exit %d\n", WEXITSTATUS(st));

    /* vfork from a non-main thread: only that thread waits; the others keep running */
    pthread_t t, v;
    MUST(-(pthread_create(&t, NULL, ticker, NULL) != 0));
    while (!ticks) usleep(1000);
    MUST(-(pthread_create(&v, NULL, vforker, argv[0]) != 0));
    void *r;
    pthread_join(v, &r);
    stop = 1;
    pthread_join(t, NULL);
    printf("vfork from a thread: child exit %ld (12: the other thread ran meanwhile, 1: it did not)\n",
           (long)r & 0xff);

    c = vfork();
    if (c == 0) { raise(SIGKILL); _exit(1); }
    MUST(waitpid(c, &st, 0));
    printf("vfork child killed: %s\n", WIFSIGNALED(st) ? sigabbrev_np(WTERMSIG(st)) : "not signaled");
    return 0;
}
