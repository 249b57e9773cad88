// No namespace can be made inside the sandbox: clone3 with CLONE_NEWUSER is refused by the
// supervisor's check, and while a thread flips the flags behind the pointer (so the check can see
// 0 and the kernel CLONE_NEWUSER), by the sandbox's user namespace, whose namespace limits are 0.
// A child that lands in a new user namespace sees its uid as the overflow id and exits 7.
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static struct clone_args args;

static void *flipper(void *unused) {
    (void)unused;
    for (;;) {
        __atomic_store_n(&args.flags, (unsigned long long)CLONE_NEWUSER, __ATOMIC_SEQ_CST);
        for (volatile int i = 0; i < 3000; i++) {}
        __atomic_store_n(&args.flags, 0ULL, __ATOMIC_SEQ_CST);
        for (volatile int i = 0; i < 3000; i++) {}
    }
    return NULL;
}

static const char *answer(long r) { return r >= 0 ? "ok" : strerrorname_np(errno); }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    args.exit_signal = SIGCHLD;
    args.flags = CLONE_NEWUSER;
    long r = syscall(SYS_clone3, &args, sizeof args);
    if (r == 0) _exit(getuid() == 65534 ? 7 : 0);
    printf("clone3 CLONE_NEWUSER: %s\n", answer(r));
    printf("unshare CLONE_NEWUSER: %s\n", answer(unshare(CLONE_NEWUSER)));
    args.flags = 0;
    pthread_t t;
    pthread_create(&t, NULL, flipper, NULL);
    int escaped = 0, checked = 0, walled = 0;
    for (int i = 0; i < 2000; i++) {
        r = syscall(SYS_clone3, &args, sizeof args);
        if (r == 0) _exit(getuid() == 65534 ? 7 : 0);
        if (r < 0 && errno == EPERM) checked++;
        if (r < 0 && errno == ENOSPC) walled++;
        if (r > 0) {
            int status;
            waitpid(r, &status, 0);
            if (WIFEXITED(status) && WEXITSTATUS(status) == 7) escaped++;
        }
    }
    printf("clone3 race: escaped=%d\n", escaped);
    fprintf(stderr, "refused by the check %d, by the namespace limits %d\n", checked, walled);
    _exit(0);
}
