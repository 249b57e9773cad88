// syscalls: openat read write getdents64 gettid prctl clone exit newfstatat
// expect: same
/* /proc/self/task lists exactly the live threads: the set of tids equals the main thread plus
 * the gettid() of each worker (entries are DT_DIR directories), shrinks to the survivors as
 * threads exit; each thread's task/<tid>/stat and /proc/thread-self/stat carry its own tid and
 * the process's ppid; thread names set with pthread_setname_np (by the thread itself: prctl; by
 * another thread: a write to task/<tid>/comm) read back through comm, pthread_getname_np and
 * stat's comm field. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "procfs_util.h"

#define N 4
static pthread_barrier_t go, done[N];
static pid_t tids[N];
static int self_view[N];

static void *worker(void *arg) {
    long i = (long)arg;
    tids[i] = syscall(SYS_gettid);
    if (i % 2 == 0) {
        char name[16];
        snprintf(name, sizeof name, "self-named-%ld", i);
        pthread_setname_np(pthread_self(), name);
    }
    pthread_barrier_wait(&go);
    /* main names the odd ones meanwhile */
    pthread_barrier_wait(&go);
    struct statline s;
    char link[64], want[64];
    ssize_t n = readlink("/proc/thread-self", link, sizeof link - 1);
    snprintf(want, sizeof want, "%d/task/%d", getpid(), tids[i]);
    self_view[i] = n > 0 && (link[n] = 0, !strcmp(link, want)) && parse_stat("/proc/thread-self/stat", &s) == 0 &&
                   num(s.f[1]) == tids[i] && num(s.f[4]) == getppid();
    pthread_barrier_wait(&done[i]);
    return NULL;
}

/* Sorted tids listed under /proc/self/task; count returned, -1 on error. */
static int listing(pid_t *out, int max, int *all_dirs) {
    DIR *d = opendir("/proc/self/task");
    if (!d) return -1;
    int n = 0;
    *all_dirs = 1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if (e->d_type != DT_DIR) *all_dirs = 0;
        if (n < max) out[n] = atoi(e->d_name);
        n++;
    }
    closedir(d);
    return n;
}

static int cmp(const void *a, const void *b) { return *(const pid_t *)a - *(const pid_t *)b; }

static int same_set(pid_t *listed, int n, pid_t *want, int m) {
    if (n != m) return 0;
    qsort(listed, n, sizeof *listed, cmp);
    qsort(want, m, sizeof *want, cmp);
    return !memcmp(listed, want, n * sizeof *listed);
}

static void check_set(const char *label, int alive_mask) {
    pid_t listed[64], want[N + 1];
    int m = 0, dirs;
    want[m++] = getpid();
    for (int i = 0; i < N; i++) if (alive_mask & (1 << i)) want[m++] = tids[i];
    int n = listing(listed, 64, &dirs);
    /* An exited thread may linger an instant after its join (natively too): poll briefly. */
    for (int k = 0; k < 200 && n != m; k++) { usleep(5000); n = listing(listed, 64, &dirs); }
    printf("%s: %d entries, set == live threads %s, all DT_DIR %s\n", label, n, same_set(listed, n, want, m) ? "yes" : "no",
           dirs ? "yes" : "no");
}

int main(void) {
    pthread_barrier_init(&go, NULL, N + 1);
    for (int i = 0; i < N; i++) pthread_barrier_init(&done[i], NULL, 2);
    pthread_t t[N];
    check_set("main only", 0);
    for (long i = 0; i < N; i++) MUST(-(pthread_create(&t[i], NULL, worker, (void *)i) != 0));
    pthread_barrier_wait(&go);
    check_set("with 4 workers", 0xf);
    for (int i = 1; i < N; i += 2) {
        char name[16];
        snprintf(name, sizeof name, "main-named-%d", i);
        int r = pthread_setname_np(t[i], name);
        printf("pthread_setname_np of worker %d from main: %s\n", i, errname(r));
    }
    pthread_barrier_wait(&go);
    for (int i = 0; i < N; i++) {
        char path[96], comm[64], got[32] = "";
        struct statline s;
        snprintf(path, sizeof path, "/proc/self/task/%d/comm", tids[i]);
        if (slurp(path, comm, sizeof comm) < 0) snprintf(comm, sizeof comm, "%s\n", errname(errno));
        comm[strcspn(comm, "\n")] = 0;
        int r = pthread_getname_np(t[i], got, sizeof got);
        snprintf(path, sizeof path, "/proc/self/task/%d/stat", tids[i]);
        int sok = parse_stat(path, &s) == 0;
        printf("worker %d: comm '%s', getname %s '%s', stat comm same %s, stat tid %s, stat ppid %s\n", i, comm, errname(r), got,
               sok && !strcmp(s.comm, comm) ? "yes" : "no", sok && num(s.f[1]) == tids[i] ? "yes" : "no",
               sok && num(s.f[4]) == getppid() ? "yes" : "no");
    }
    int alive = 0xf;
    for (int i = 0; i < N; i++) {
        pthread_barrier_wait(&done[i]);
        pthread_join(t[i], NULL);
        alive &= ~(1 << i);
        printf("worker %d saw itself in /proc/thread-self: %s\n", i, self_view[i] ? "yes" : "no");
        char label[64];
        snprintf(label, sizeof label, "after worker %d exited", i);
        check_set(label, alive);
        char path[96];
        struct stat st;
        snprintf(path, sizeof path, "/proc/self/task/%d", tids[i]);
        int gone = stat(path, &st) != 0;
        for (int k = 0; k < 200 && !gone; k++) { usleep(5000); gone = stat(path, &st) != 0; }
        printf("  its task dir: %s\n", gone ? errname(errno) : "still there");
    }
    char main_comm[64];
    slurp("/proc/self/comm", main_comm, sizeof main_comm);
    printf("main comm unchanged: %s", main_comm);
    return 0;
}
