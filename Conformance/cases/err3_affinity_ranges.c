// syscalls: sched_setaffinity
// expect: same
/* sched_setaffinity with full-range arguments: len 0, 1, odd, INT_MAX and with junk above 32
 * bits; NULL, (void*)1 and masks that end at or run over the end of a mapping (the kernel
 * copies min(len, its cpumask size) bytes); empty masks and masks of only nonexistent CPUs;
 * negative, huge and reaped pids, a zombie child, a thread; which of EFAULT, ESRCH and EINVAL
 * wins. The CPU set is restored; only errnos are printed. */
#include "common.h"
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static long setaff(long pid, long len, const void *mask) {
    return syscall(SYS_sched_setaffinity, pid, len, mask);
}

static pthread_barrier_t ready, done;
static pid_t thread_tid;

static void *thread_main(void *arg) {
    (void)arg;
    thread_tid = (pid_t)syscall(SYS_gettid);
    pthread_barrier_wait(&ready);
    pthread_barrier_wait(&done);
    return NULL;
}

int main(void) {
    cpu_set_t original;
    MUST(sched_getaffinity(0, sizeof original, &original));
    int first = -1;
    for (int i = 0; i < CPU_SETSIZE; i++) if (CPU_ISSET(i, &original)) { first = i; break; }
    if (first < 0 || first >= 8) { printf("first CPU not below 8: skipped\n"); return 0; }
    unsigned char one[128];
    memset(one, 0, sizeof one);
    one[0] = (unsigned char)(1u << first);
    unsigned char zero[128];
    memset(zero, 0, sizeof zero);
    unsigned char high[128];              /* only CPU 1023: no such CPU */
    memset(high, 0, sizeof high);
    high[127] = 0x80;
    unsigned char mixed[128];             /* the first CPU and CPU 1023 */
    memcpy(mixed, high, sizeof mixed);
    mixed[0] = one[0];

    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    memset(edge - 64, 0, 64);
    edge[-8] = (char)one[0];              /* an 8-byte mask ending at the edge */

    REPORT("len 0", setaff(0, 0, one));
    REPORT("len 0, NULL mask", setaff(0, 0, NULL));
    REPORT("len 1", setaff(0, 1, one));
    REPORT("len 3", setaff(0, 3, one));
    REPORT("len 128", setaff(0, 128, one));
    REPORT("len INT_MAX", setaff(0, INT_MAX, one));
    REPORT("len UINT_MAX", setaff(0, 0xffffffffL, one));
    REPORT("len (1<<32)|8", setaff(0, (1L << 32) | 8, one));
    REPORT("len (1<<32), i.e. 0", setaff(0, 1L << 32, one));
    REPORT("NULL mask, len 8", setaff(0, 8, NULL));
    REPORT("(void*)1 mask, len 8", setaff(0, 8, (void *)1));
    REPORT("mask ending at edge, len 8", setaff(0, 8, edge - 8));
    REPORT("mask ending at edge, len 16", setaff(0, 16, edge - 8));
    REPORT("mask ending at edge, len 128", setaff(0, 128, edge - 8));
    REPORT("mask straddling edge, len 8", setaff(0, 8, edge - 4));
    REPORT("all-zero mask", setaff(0, 128, zero));
    REPORT("only CPU 1023", setaff(0, 128, high));
    REPORT("first CPU and CPU 1023", setaff(0, 128, mixed));
    REPORT("pid -1", setaff(-1, 128, one));
    REPORT("pid INT_MIN", setaff(INT_MIN, 128, one));
    REPORT("pid INT_MAX", setaff(INT_MAX, 128, one));
    REPORT("pid (1<<32), i.e. 0", setaff(1L << 32, 128, one));
    REPORT("pid -1, NULL mask", setaff(-1, 8, NULL));
    REPORT("pid -1, len 0", setaff(-1, 0, one));
    REPORT("pid INT_MAX, all-zero mask", setaff(INT_MAX, 128, zero));
    REPORT("pid INT_MAX, mask straddling edge", setaff(INT_MAX, 8, edge - 4));

    pthread_t t;
    pthread_barrier_init(&ready, NULL, 2);
    pthread_barrier_init(&done, NULL, 2);
    pthread_create(&t, NULL, thread_main, NULL);
    pthread_barrier_wait(&ready);
    REPORT("own thread", setaff(thread_tid, 128, one));
    REPORT("own thread, all-zero mask", setaff(thread_tid, 128, zero));
    REPORT("own thread, len 0", setaff(thread_tid, 0, one));
    pthread_barrier_wait(&done);
    pthread_join(t, NULL);

    pid_t child = fork();
    MUST(child);
    if (child == 0) _exit(0);
    siginfo_t si;
    MUST(waitid(P_PID, child, &si, WEXITED | WNOWAIT));   /* a zombie now */
    REPORT("zombie child", setaff(child, 128, one));
    REPORT("zombie child, all-zero mask", setaff(child, 128, zero));
    MUST(waitpid(child, NULL, 0));
    REPORT("reaped child", setaff(child, 128, one));

    child = fork();
    MUST(child);
    if (child == 0) { pause(); _exit(0); }
    REPORT("live child", setaff(child, 128, one));
    REPORT("live child, only CPU 1023", setaff(child, 128, high));
    REPORT("live child, mask straddling edge", setaff(child, 8, edge - 4));
    kill(child, SIGKILL);
    MUST(waitpid(child, NULL, 0));

    REPORT("restore", sched_setaffinity(0, sizeof original, &original));
    cpu_set_t now;
    MUST(sched_getaffinity(0, sizeof now, &now));
    FACT("restored", CPU_EQUAL(&now, &original));
    return 0;
}
