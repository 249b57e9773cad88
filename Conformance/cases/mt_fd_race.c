// syscalls: openat close dup dup2 dup3 fcntl clone futex
// expect: same
/* Several threads race on the one descriptor table: each opens, dups, dup2s onto its own
 * fixed slots, checks and closes descriptors in a loop. Afterwards the table must be exactly
 * as before plus the fixed slots each thread left behind. Only aggregate facts are printed. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/wait.h>

#define THREADS 4
#define ROUNDS 2000

static atomic_int errors, mismatches, ops;

static int count_fds(void) {
    DIR *d = opendir("/proc/self/fd");
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) if (e->d_name[0] != '.') n++;
    closedir(d);
    return n - 1; /* the directory's own fd */
}

static void *worker(void *arg) {
    long id = (long)arg;
    int slot = 100 + (int)id * 2;
    for (int i = 0; i < ROUNDS; i++) {
        int a = open("/dev/null", (i & 1) ? O_RDONLY | O_CLOEXEC : O_RDONLY);
        if (a < 0) { errors++; continue; }
        int want = (i & 1) ? FD_CLOEXEC : 0;
        if (fcntl(a, F_GETFD) != want) mismatches++;
        int b = dup(a);
        if (b < 0) errors++;
        else if (fcntl(b, F_GETFD) != 0) mismatches++;
        if (dup2(a, slot) != slot) errors++;
        if (dup3(a, slot + 1, O_CLOEXEC) != slot + 1) errors++;
        if (fcntl(slot + 1, F_GETFD) != FD_CLOEXEC) mismatches++;
        if (fcntl(slot, F_GETFD) != 0) mismatches++;
        int c = fcntl(a, F_DUPFD_CLOEXEC, 200 + (int)id * 10);
        if (c < 200 + id * 10) errors++;
        else { if (fcntl(c, F_GETFD) != FD_CLOEXEC) mismatches++; close(c); }
        if (b >= 0 && close(b) != 0) errors++;
        if (close(a) != 0) errors++;
        if (i % 2 == 0 && close(slot + 1) != 0) errors++;
        ops++;
    }
    return NULL;
}

static atomic_int stop_cloexec;
static void *cloexec_worker(void *arg) {
    (void)arg;
    while (!stop_cloexec) {
        int a = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (a < 0) { errors++; continue; }
        int b = fcntl(a, F_DUPFD_CLOEXEC, 0);
        int c = dup3(a, 150 + (a % 20), O_CLOEXEC);
        int p[2];
        if (pipe2(p, O_CLOEXEC) == 0) { close(p[0]); close(p[1]); }
        if (b >= 0) close(b);
        if (c >= 0) close(c);
        close(a);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc > 1) { /* exec'd probe: count fds beyond 0..2 (the directory's own fd excluded) */
        return count_fds() - 3;
    }
    int before = count_fds();
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) MUST(-(pthread_create(&t[i], NULL, worker, (void *)i) != 0));
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    printf("rounds done: %d\n", ops);
    printf("failed calls: %d\n", errors);
    printf("flag mismatches: %d\n", mismatches);
    int after = count_fds();
    printf("descriptors added to the table: %d\n", after - before);
    int good = 1;
    for (int id = 0; id < THREADS; id++) {
        int slot = 100 + id * 2;
        if (fcntl(slot, F_GETFD) != 0) good = 0;
        if (fcntl(slot + 1, F_GETFD) != FD_CLOEXEC) good = 0;
        if (fcntl(200 + id * 10, F_GETFD) != -1 || errno != EBADF) good = 0;
    }
    FACT("each thread's slots hold the expected flags", good);
    int lowest = open("/dev/null", O_RDONLY);
    FACT("lowest free fd is 3 again", lowest == 3);
    close(lowest);
    for (int id = 0; id < THREADS; id++) { close(100 + id * 2); close(101 + id * 2); }
    printf("after closing the slots: %d added\n", count_fds() - before);

    /* fork+exec while other threads make close-on-exec fds: none may leak into the program */
    for (long i = 0; i < THREADS - 1; i++) MUST(-(pthread_create(&t[i], NULL, cloexec_worker, NULL) != 0));
    int leaked = 0, runs = 0;
    for (int i = 0; i < 40; i++) {
        pid_t c = fork();
        if (c == 0) { execl(argv[0], argv[0], "count", (char *)NULL); _exit(99); }
        int st;
        if (c < 0 || waitpid(c, &st, 0) != c) { errors++; continue; }
        runs++;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) leaked++;
    }
    stop_cloexec = 1;
    for (int i = 0; i < THREADS - 1; i++) pthread_join(t[i], NULL);
    printf("fork+exec during O_CLOEXEC churn: %d runs, %d saw leaked fds\n", runs, leaked);
    printf("table after the churn: %d added\n", count_fds() - before);
    return 0;
}
