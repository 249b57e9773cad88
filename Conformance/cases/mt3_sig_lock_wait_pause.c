// syscalls: openat flock fcntl wait4 pause rt_sigsuspend rt_sigaction tgkill clone futex
// expect: same
/* A thread blocked in flock(LOCK_EX) or fcntl(F_SETLKW) on a file (opened with a trapped openat)
 * that a child process holds locked, in wait4 for a living child, in pause and in sigsuspend is
 * interrupted by a signal from the main thread: flock, F_SETLKW and wait4 fail with EINTR without
 * SA_RESTART and are restarted with it (completing once the child lets go or exits); pause and
 * sigsuspend return EINTR in both cases. */
#include "mt_util.h"
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

static char dir[64], file[96];
static volatile sig_atomic_t handled;
static void on_sig(int s) { (void)s; handled++; }

struct job { pthread_t t; pid_t tid; int started, kind, fd; pid_t child; long result; int err; };

static void *blocker(void *arg) {
    struct job *j = arg;
    j->tid = (pid_t)syscall(SYS_gettid);
    __atomic_store_n(&j->started, 1, __ATOMIC_RELEASE);
    errno = 0;
    switch (j->kind) {
    case 0: j->result = flock(j->fd, LOCK_EX); break;
    case 1: { struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET }; j->result = fcntl(j->fd, F_SETLKW, &fl); break; }
    case 2: { int st; j->result = wait4(j->child, &st, 0, NULL); break; }
    case 3: j->result = pause(); break;
    default: { sigset_t m; sigemptyset(&m); j->result = sigsuspend(&m); }
    }
    j->err = errno;
    return NULL;
}

static void wait_blocked(struct job *j) { (void)wait_sleeping(&j->started, &j->tid); }

/* A child that takes the lock (flock or fcntl) and holds it, or just lives, until told. */
static pid_t holder(int kind, int *release) {
    int ready[2], go[2];
    MUST(pipe2(ready, O_CLOEXEC));
    MUST(pipe2(go, O_CLOEXEC));
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        int fd = open(file, O_RDWR | O_CLOEXEC);
        if (kind == 0) flock(fd, LOCK_EX);
        if (kind == 1) { struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET }; fcntl(fd, F_SETLK, &fl); }
        write(ready[1], "r", 1);
        char b;
        read(go[0], &b, 1);
        _exit(7);
    }
    close(ready[1]); close(go[0]);
    char b;
    MUST(read(ready[0], &b, 1));
    close(ready[0]);
    *release = go[1];
    return c;
}

int main(void) {
    strcpy(dir, "/tmp/mt3-lock-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    snprintf(file, sizeof file, "%s/lockfile", dir);
    int f = open(file, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    MUST(f);
    close(f);
    const char *calls[] = { "flock", "F_SETLKW", "wait4", "pause", "sigsuspend" };
    for (int kind = 0; kind < 5; kind++) {
        for (int restart = 0; restart <= 1; restart++) {
            struct sigaction sa = { .sa_handler = on_sig, .sa_flags = restart ? SA_RESTART : 0 };
            MUST(sigaction(SIGUSR1, &sa, NULL));
            handled = 0;
            struct job j = { .kind = kind, .fd = -1, .result = -2 };
            int release = -1;
            pid_t c = -1;
            if (kind <= 2) c = holder(kind, &release);
            if (kind <= 1) { j.fd = open(file, O_RDWR | O_CLOEXEC); MUST(j.fd); }
            j.child = c;
            MUST(-(pthread_create(&j.t, NULL, blocker, &j) != 0));
            wait_blocked(&j);
            pthread_kill(j.t, SIGUSR1);
            for (int i = 0; i < 5000 && !handled; i++) usleep(1000);
            int done = join_within(j.t, restart && kind <= 2 ? 200 : 5000) == 0;
            printf("%-10s %-13s after the signal: %-13s handler %d", calls[kind], restart ? "SA_RESTART" : "no SA_RESTART",
                   done ? (j.result >= 0 ? "completed" : errname(j.err)) : "still waiting", handled);
            if (release >= 0) { write(release, "g", 1); close(release); }
            if (!done) pthread_join(j.t, NULL);
            printf(", in the end: %s\n", j.result >= 0 ? (kind == 2 ? "reaped the child" : "completed") : errname(j.err));
            if (c > 0 && !(kind == 2 && j.result == c)) waitpid(c, NULL, 0);
            if (j.fd >= 0) close(j.fd);
        }
    }
    unlink(file);
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
