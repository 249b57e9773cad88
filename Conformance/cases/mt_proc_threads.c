// syscalls: openat read getdents64 clone gettid exit
// expect: same
/* /proc/self/status "Threads:" and the /proc/self/task listing follow thread creation and exit;
 * each thread's /proc/self/task/<tid> exists and /proc/thread-self points to it. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
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

static int stat_threads(void) {
    char buf[1024];
    int fd = open("/proc/self/stat", O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    /* field 20 is num_threads; after ')' come fields 3.. */
    int field = 2;
    for (char *t = strtok(p + 1, " "); t; t = strtok(NULL, " ")) if (++field == 20) return atoi(t);
    return -1;
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int release_threads;
static atomic_int started, own_task_ok, thread_self_ok, status_ids_ok, hidden_tid_ok, tid_listed;

static int status_field(const char *path, const char *key) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[256];
    int v = -1;
    size_t k = strlen(key);
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, k) && line[k] == ':') { v = atoi(line + k + 1); break; }
    fclose(f);
    return v;
}

static void *worker(void *arg) {
    (void)arg;
    char p[64], link[64], want[64];
    snprintf(p, sizeof p, "/proc/self/task/%ld/stat", syscall(SYS_gettid));
    if (access(p, R_OK) == 0) own_task_ok++;
    ssize_t n = readlink("/proc/thread-self", link, sizeof link - 1);
    snprintf(want, sizeof want, "%d/task/%ld", getpid(), syscall(SYS_gettid));
    if (n > 0) { link[n] = 0; if (!strcmp(link, want)) thread_self_ok++; }
    long tid = syscall(SYS_gettid);
    snprintf(p, sizeof p, "/proc/self/task/%ld/status", tid);
    if (status_field(p, "Pid") == tid && status_field(p, "Tgid") == getpid()) status_ids_ok++;
    /* /proc/<tid> is reachable although /proc does not list it */
    snprintf(p, sizeof p, "/proc/%ld/status", tid);
    if (status_field(p, "Pid") == tid && status_field(p, "Tgid") == getpid()) hidden_tid_ok++;
    DIR *d = opendir("/proc");
    char name[32];
    snprintf(name, sizeof name, "%ld", tid);
    struct dirent *e;
    while (d && (e = readdir(d))) if (!strcmp(e->d_name, name)) tid_listed++;
    if (d) closedir(d);
    started++;
    pthread_mutex_lock(&m);
    while (!release_threads) pthread_cond_wait(&cv, &m);
    pthread_mutex_unlock(&m);
    return NULL;
}

static void *survivor(void *arg) {
    (void)arg;
    char p[64], st[64] = "?";
    snprintf(p, sizeof p, "/proc/%d/task/%d/stat", getpid(), getpid());
    /* wait until the leader is a zombie */
    for (int i = 0; i < 500; i++) {
        FILE *f = fopen(p, "r");
        char buf[512] = {0};
        if (f) { fread(buf, 1, sizeof buf - 1, f); fclose(f); }
        char *q = strrchr(buf, ')');
        if (q && q[2] == 'Z') { st[0] = 'Z'; st[1] = 0; break; }
        usleep(10000);
    }
    printf("  survivor: leader task state %s, Threads %d, task entries %d, getpid works %s\n", st,
           status_threads(), task_count(), getpid() > 0 ? "yes" : "no");
    fflush(stdout);
    exit(21);
}

int main(void) {
    printf("start: Threads %d, task entries %d, stat num_threads %d\n", status_threads(), task_count(), stat_threads());
    pthread_t t[5];
    for (int i = 0; i < 5; i++) MUST(-(pthread_create(&t[i], NULL, worker, NULL) != 0));
    while (started < 5) usleep(1000);
    printf("5 threads: Threads %d, task entries %d, stat num_threads %d\n", status_threads(), task_count(), stat_threads());
    printf("each thread found its task dir: %d, thread-self right: %d\n", own_task_ok, thread_self_ok);
    printf("task status Pid/Tgid right: %d, /proc/<tid> reachable: %d, /proc lists a tid: %d\n",
           status_ids_ok, hidden_tid_ok, tid_listed);
    pthread_mutex_lock(&m);
    release_threads = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&m);
    for (int i = 0; i < 5; i++) pthread_join(t[i], NULL);
    /* joined threads are gone (join waits for the kernel's tid clear) */
    int n = status_threads();
    for (int i = 0; i < 100 && n != 1; i++) { usleep(10000); n = status_threads(); }
    printf("after join: Threads %d, task entries %d\n", n, task_count());
    char p[64];
    snprintf(p, sizeof p, "/proc/self/task/%d", getpid());
    REPORT("main thread's task dir", access(p, F_OK));
    snprintf(p, sizeof p, "/proc/self/task/%d", 0x3ffffff0);
    REPORT("task dir of a missing tid", access(p, F_OK));

    /* the main thread leaves with pthread_exit while another thread goes on: the leader is a
     * zombie task, the process lives, its parent sees the exit code of the last thread */
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        pthread_t t2;
        pthread_create(&t2, NULL, survivor, NULL);
        pthread_exit(NULL);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    printf("process after the main thread's pthread_exit: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
