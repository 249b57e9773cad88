// syscalls: sched_setaffinity sched_getaffinity clone wait4
// expect: same
#include "common.h"
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static cpu_set_t original;
static int first_cpu = -1;

static int count_now(pid_t pid) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(pid, sizeof set, &set) != 0) return -1;
    return CPU_COUNT(&set);
}

static cpu_set_t only_first(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(first_cpu, &set);
    return set;
}

static pthread_barrier_t ready, done;
static pid_t thread_tid;

static void *thread_main(void *arg) {
    (void)arg;
    thread_tid = (pid_t)syscall(SYS_gettid);
    pthread_barrier_wait(&ready);   // main sets our affinity by tid
    pthread_barrier_wait(&done);
    printf("thread sees one CPU: %s\n", count_now(0) == 1 ? "yes" : "no");
    return NULL;
}

int main(void) {
    MUST(sched_getaffinity(0, sizeof original, &original));
    for (int i = 0; i < CPU_SETSIZE; i++) if (CPU_ISSET(i, &original)) { first_cpu = i; break; }
    int all = CPU_COUNT(&original);
    FACT("affinity count matches online CPUs", all == sysconf(_SC_NPROCESSORS_ONLN));
    FACT("affinity count positive", all > 0);

    cpu_set_t one = only_first();
    REPORT("narrow self (pid 0) to one CPU", sched_setaffinity(0, sizeof one, &one));
    FACT("now one CPU", count_now(0) == 1);
    REPORT("widen self back", sched_setaffinity(0, sizeof original, &original));
    FACT("back to all CPUs", count_now(0) == all);

    REPORT("narrow by own pid", sched_setaffinity(getpid(), sizeof one, &one));
    FACT("own pid: one CPU", count_now(0) == 1);
    REPORT("widen by own tid", sched_setaffinity((pid_t)syscall(SYS_gettid), sizeof original, &original));
    FACT("own tid: all CPUs", count_now(0) == all);

    // A short mask: the kernel zero-fills what the caller did not give.
    if (first_cpu < 8) {
        unsigned char small = (unsigned char)(1u << first_cpu);
        long r = syscall(SYS_sched_setaffinity, 0, 1, &small);
        printf("one-byte mask: %s\n", r == 0 ? "ok" : errname(errno));
        FACT("one-byte mask: one CPU", count_now(0) == 1);
        MUST(sched_setaffinity(0, sizeof original, &original));
    } else {
        printf("one-byte mask: ok\none-byte mask: one CPU: yes\n");
    }

    cpu_set_t empty;
    CPU_ZERO(&empty);
    REPORT("empty mask", sched_setaffinity(0, sizeof empty, &empty));
    cpu_set_t absent;
    CPU_ZERO(&absent);
    CPU_SET(CPU_SETSIZE - 1, &absent);
    REPORT("mask of a CPU that is not there", sched_setaffinity(0, sizeof absent, &absent));
    FACT("failed calls left the mask alone", count_now(0) == all);
    REPORT("NULL mask", syscall(SYS_sched_setaffinity, 0, sizeof(cpu_set_t), NULL));
    REPORT("negative pid", sched_setaffinity(-1, sizeof one, &one));

    // Another thread of this process, by its tid (what pthread_setaffinity_np does).
    pthread_barrier_init(&ready, NULL, 2);
    pthread_barrier_init(&done, NULL, 2);
    pthread_t thread;
    pthread_create(&thread, NULL, thread_main, NULL);
    pthread_barrier_wait(&ready);
    REPORT("narrow another thread by tid", sched_setaffinity(thread_tid, sizeof one, &one));
    pthread_barrier_wait(&done);
    pthread_join(thread, NULL);
    FACT("main thread unchanged", count_now(0) == all);

    // A child process, by its pid.
    int to_child[2];
    MUST(pipe(to_child));
    pid_t child = fork();
    MUST(child);
    if (child == 0) {
        char c;
        close(to_child[1]);
        if (read(to_child[0], &c, 1) != 1) _exit(2);
        _exit(count_now(0) == 1 ? 0 : 1);
    }
    close(to_child[0]);
    REPORT("narrow a child by pid", sched_setaffinity(child, sizeof one, &one));
    FACT("parent reads the child's one CPU", count_now(child) == 1);
    MUST(write(to_child[1], "x", 1));
    int status;
    MUST(waitpid(child, &status, 0));
    FACT("child saw one CPU", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    REPORT("a reaped child", sched_setaffinity(child, sizeof one, &one));
    return 0;
}
