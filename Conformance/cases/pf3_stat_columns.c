// syscalls: openat read getpid getppid getpgid getsid gettid prctl sysinfo clone
// expect: same
/* /proc/self/stat and statm as programs parse them (ps, psutil, procps): the column count (also
 * with a comm holding spaces and parentheses, split at the last ')'), every column after the
 * state is an integer, pid/ppid/pgrp/session/num_threads agree with the syscalls, priority 20 and
 * nice 0, processor below the CPU count, starttime not after /proc/uptime, vsize agrees and rss fits
 * with statm, statm's 7 columns agree with status VmSize/VmRSS, and a thread's stat has its tid. */
#include "common.h"
#include <ctype.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "procfs_util.h"

static int integer(const char *s) {
    if (!s || !*s) return 0;
    if (*s == '-') s++;
    for (; *s; s++) if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

static void columns(const char *label, const char *path, pid_t want_pid) {
    struct statline s;
    if (parse_stat(path, &s) < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    int all = 1;
    for (int i = 4; i <= s.n; i++) all &= integer(s.f[i]);
    printf("%s: %d columns, comm '%s', state %s, pid field right %s, columns 4.. integers %s\n", label, s.n, s.comm,
           strlen(s.f[3]) == 1 ? "one letter" : "bad", num(s.f[1]) == want_pid ? "yes" : "no", all ? "yes" : "no");
}

static pthread_barrier_t bar;
static pid_t tid;
static void *worker(void *a) {
    (void)a;
    tid = syscall(SYS_gettid);
    prctl(PR_SET_NAME, "worker thread");
    pthread_barrier_wait(&bar);
    pthread_barrier_wait(&bar);
    return NULL;
}

int main(void) {
    static char sbuf[4096], mbuf[256], stbuf[16384], ubuf[256];
    struct statline s;
    memset(&s, 1, sizeof s); memset(mbuf, 1, sizeof mbuf); memset(stbuf, 1, sizeof stbuf); memset(ubuf, 1, sizeof ubuf);
    /* Read everything first, print afterwards: stdio's buffer changes the memory figures. */
    printf("start\n");
    fflush(stdout);
    int ok = parse_stat("/proc/self/stat", &s) == 0;
    slurp("/proc/self/statm", mbuf, sizeof mbuf);
    slurp("/proc/self/status", stbuf, sizeof stbuf);
    slurp("/proc/uptime", ubuf, sizeof ubuf);
    (void)sbuf;
    long sm[8] = {0};
    int nm = sscanf(mbuf, "%ld %ld %ld %ld %ld %ld %ld %ld", sm, sm + 1, sm + 2, sm + 3, sm + 4, sm + 5, sm + 6, sm + 7);
    long page = sysconf(_SC_PAGESIZE), tck = sysconf(_SC_CLK_TCK);
    char v[128];
    long vmsize = field(stbuf, "VmSize", v, sizeof v) ? atol(v) : -1;
    long vmrss = field(stbuf, "VmRSS", v, sizeof v) ? atol(v) : -1;
    double up = atof(ubuf);

    printf("stat parses: %s, columns %d, state %s\n", ok ? "yes" : "no", s.n, ok ? s.f[3] : "?");
    int all = 1;
    for (int i = 4; ok && i <= s.n; i++) all &= integer(s.f[i]);
    FACT("columns 4.. are integers", ok && all);
    FACT("pid == getpid", num(s.f[1]) == getpid());
    FACT("ppid == getppid", num(s.f[4]) == getppid());
    FACT("pgrp == getpgrp", num(s.f[5]) == getpgrp());
    FACT("session == getsid", num(s.f[6]) == getsid(0));
    printf("num_threads: %ld, priority: %ld, nice: %ld, itrealvalue: %ld, exit_code: %ld\n", num(s.f[20]), num(s.f[18]),
           num(s.f[19]), num(s.f[21]), s.n >= 52 ? num(s.f[52]) : -1);
    FACT("processor < online CPUs", s.n >= 39 && num(s.f[39]) >= 0 && num(s.f[39]) < sysconf(_SC_NPROCESSORS_CONF));
    FACT("starttime / CLK_TCK <= /proc/uptime", up > 0 && (double)num(s.f[22]) / tck <= up + 0.01);
    FACT("utime + stime >= 0 and <= starttime-to-now", num(s.f[14]) >= 0 && num(s.f[15]) >= 0 &&
         (double)(num(s.f[14]) + num(s.f[15])) / tck <= up - (double)num(s.f[22]) / tck + 0.05);
    printf("statm columns: %d\n", nm);
    FACT("vsize == statm size * page", strtoull(s.f[23], NULL, 10) == (unsigned long long)sm[0] * page);
    FACT("0 < rss <= statm size", num(s.f[24]) > 0 && num(s.f[24]) <= sm[0]);
    FACT("statm shared <= resident <= size", sm[2] <= sm[1] && sm[1] <= sm[0]);
    FACT("statm size == VmSize", sm[0] * (page / 1024) == vmsize);
    FACT("statm resident == VmRSS", sm[1] * (page / 1024) == vmrss);
    FACT("statm lib and dt are 0", sm[4] == 0 && sm[6] == 0);
    FACT("start_code < end_code, start_data < end_data (own process)", s.n >= 47 &&
         strtoull(s.f[26], NULL, 10) < strtoull(s.f[27], NULL, 10) && strtoull(s.f[45], NULL, 10) < strtoull(s.f[46], NULL, 10));
    FACT("arg_start < arg_end <= env_start < env_end", s.n >= 51 && strtoull(s.f[48], NULL, 10) < strtoull(s.f[49], NULL, 10) &&
         strtoull(s.f[49], NULL, 10) <= strtoull(s.f[50], NULL, 10) && strtoull(s.f[50], NULL, 10) < strtoull(s.f[51], NULL, 10));

    prctl(PR_SET_NAME, "a) (b c) x");
    columns("comm with ') (' and spaces", "/proc/self/stat", getpid());
    prctl(PR_SET_NAME, "");
    columns("empty comm", "/proc/self/stat", getpid());
    prctl(PR_SET_NAME, "pf3_stat");

    pthread_barrier_init(&bar, NULL, 2);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_barrier_wait(&bar);
    char path[96];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
    columns("task/<tid>/stat", path, tid);
    snprintf(path, sizeof path, "/proc/%d/stat", tid);
    columns("/proc/<tid>/stat", path, tid);
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", getpid());
    columns("task/<pid>/stat", path, getpid());
    parse_stat("/proc/self/stat", &s);
    printf("num_threads with a worker: %ld\n", num(s.f[20]));
    snprintf(path, sizeof path, "/proc/self/task/%d/statm", tid);
    FACT("thread statm has 7 columns", slurp(path, mbuf, sizeof mbuf) > 0 &&
         sscanf(mbuf, "%ld %ld %ld %ld %ld %ld %ld", sm, sm + 1, sm + 2, sm + 3, sm + 4, sm + 5, sm + 6) == 7);
    pthread_barrier_wait(&bar);
    pthread_join(t, NULL);
    return 0;
}
