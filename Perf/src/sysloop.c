/* sysloop getppid|uname|stat|openread [TARGET_MS] [REPS]
 * Calls one syscall in a loop for about TARGET_MS per repetition and prints the
 * median and minimum cost per call over REPS repetitions:
 *   ns_per_call median=123.4 min=120.1 calls=1000000
 * getppid is a passthrough call in safehouse (never trapped); uname is trapped; stat is one
 * stat(2) of FILE and openread one open+read+close round trip of it (both resolved by the VFS
 * in safehouse; FILE is in the system zone, so natively and inside it is the same host file). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILE_PATH "/usr/lib/os-release"
static struct utsname u;
static void op_getppid(void) { syscall(SYS_getppid); }
static void op_uname(void) { syscall(SYS_uname, &u); }
static void op_stat(void) { struct stat st; if (stat(FILE_PATH, &st) != 0) abort(); }
static void op_openread(void) {
    char buf[256];
    int fd = open(FILE_PATH, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, buf, sizeof buf) <= 0) abort();
    close(fd);
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    const char *names[] = { "getppid", "uname", "stat", "openread" };
    void (*ops[])(void) = { op_getppid, op_uname, op_stat, op_openread };
    void (*op)(void) = NULL;
    for (int i = 0; i < 4; i++) if (argc >= 2 && strcmp(argv[1], names[i]) == 0) op = ops[i];
    if (!op) {
        fprintf(stderr, "usage: sysloop getppid|uname|stat|openread [TARGET_MS] [REPS]\n");
        return 2;
    }
    long long target = (argc > 2 ? atoll(argv[2]) : 200) * 1000000LL;
    int reps = argc > 3 ? atoi(argv[3]) : 5;
    if (reps < 1 || reps > 100) reps = 5;
    double per[100];
    long long total_calls = 0;

    for (int i = 0; i < 1000; i++) op(); /* warm up */
    for (int r = 0; r < reps; r++) {
        long long calls = 0, start = now_ns(), elapsed;
        do { /* batches of 256 keep the clock reads out of the cost */
            for (int i = 0; i < 256; i++) op();
            calls += 256;
            elapsed = now_ns() - start;
        } while (elapsed < target);
        per[r] = (double)elapsed / calls;
        total_calls += calls;
    }
    qsort(per, reps, sizeof per[0], cmp);
    printf("ns_per_call median=%.1f min=%.1f calls=%lld\n", per[reps / 2], per[0], total_calls);
    return 0;
}
