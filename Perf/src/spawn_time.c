/* spawn_time RUNS -- PROGRAM [ARGS...]
 * Starts PROGRAM RUNS times (after 2 untimed warm-up runs), one at a time, and
 * times each from just before posix_spawn to the return of wait4. Output:
 *   spawn_ns median=... min=... mean=... p90=... maxrss_kib=... failures=... last_status=...
 * stdin/stdout/stderr of PROGRAM are /dev/null. maxrss_kib is the largest ru_maxrss
 * wait4 reported: the peak RSS of the largest single process in the tree. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 4 || strcmp(argv[2], "--") != 0 || atoi(argv[1]) < 1) {
        fprintf(stderr, "usage: spawn_time RUNS -- PROGRAM [ARGS...]\n");
        return 2;
    }
    int runs = atoi(argv[1]), failures = 0, last_status = 0;
    long maxrss = 0;
    long long *t = calloc(runs, sizeof *t);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    for (int fd = 0; fd < 3; fd++)
        posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", fd ? O_WRONLY : O_RDONLY, 0);

    for (int i = -2; i < runs; i++) {
        pid_t pid;
        int st = 0;
        struct rusage ru;
        long long start = now_ns();
        if (posix_spawnp(&pid, argv[3], &fa, NULL, argv + 3, environ) != 0) {
            perror("posix_spawnp");
            return 1;
        }
        wait4(pid, &st, 0, &ru);
        long long end = now_ns();
        if (i < 0) continue;
        t[i] = end - start;
        last_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        failures += last_status != 0;
        if (ru.ru_maxrss > maxrss) maxrss = ru.ru_maxrss;
    }
    long long sum = 0;
    for (int i = 0; i < runs; i++) sum += t[i];
    qsort(t, runs, sizeof *t, cmp);
    printf("spawn_ns median=%lld min=%lld mean=%lld p90=%lld maxrss_kib=%ld failures=%d last_status=%d\n",
           t[runs / 2], t[0], sum / runs, t[runs * 9 / 10], maxrss, failures, last_status);
    return 0;
}
