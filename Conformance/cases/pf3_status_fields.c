// syscalls: openat read getpid getppid gettid umask dup2 sched_getaffinity clone
// expect: same
/* /proc/self/status as a structure: the list of field names in order (also for a thread's and a
 * child's status), every line "Name:\tvalue", the kB fields parse and relate (VmRSS <= VmSize <=
 * VmPeak, VmRSS <= VmHWM, RssAnon + RssFile + RssShmem == VmRSS), ids agree with getpid/getppid/
 * gettid, Umask follows umask(), Name == comm, FDSize covers the highest fd, Cpus_allowed_list
 * counts sched_getaffinity's CPUs, SigQ is "n/m", Cap* are 16 hex digits. No values that vary. */
#include "common.h"
#include <ctype.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "procfs_util.h"

static char keys_main[2048];

/* Field names joined by ' '; returns 1 when every line is "Name:\t..." (or "Name:" alone). */
static int keys_of(const char *text, char *out, size_t size) {
    int ok = 1;
    out[0] = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        if (!nl) { ok = 0; break; }
        const char *c = memchr(p, ':', nl - p);
        if (!c || c == p) { ok = 0; p = nl + 1; continue; }
        if (c + 1 != nl && c[1] != '\t') ok = 0;
        size_t l = strlen(out);
        if (l + (c - p) + 2 < size) { if (l) strcat(out, " "); strncat(out, p, c - p); }
        p = nl + 1;
    }
    return ok;
}

static long kb(const char *text, const char *key, int *ok) {
    char v[128];
    if (!field(text, key, v, sizeof v)) { *ok = 0; return -1; }
    char *e;
    long n = strtol(v, &e, 10);
    if (e == v || strcmp(e, " kB")) *ok = 0;
    return n;
}

static int hex16(const char *text, const char *key) {
    char v[64];
    if (!field(text, key, v, sizeof v) || strlen(v) != 16) return 0;
    for (char *p = v; *p; p++) if (!isxdigit((unsigned char)*p)) return 0;
    return 1;
}

static int count_list(const char *s) {
    int n = 0;
    while (*s) {
        char *e;
        long a = strtol(s, &e, 10), b = a;
        if (e == s) return -1;
        if (*e == '-') { s = e + 1; b = strtol(s, &e, 10); }
        n += b - a + 1;
        s = e;
        if (*s == ',') s++;
        else if (*s) return -1;
    }
    return n;
}

static pthread_barrier_t bar;
static pid_t worker_tid;
static void *worker(void *a) {
    (void)a;
    worker_tid = syscall(SYS_gettid);
    pthread_barrier_wait(&bar);
    pthread_barrier_wait(&bar);
    return NULL;
}

int main(void) {
    static char buf[16384], other[16384], keys[2048];
    char v[256];
    umask(027);
    MUST(dup2(1, 300));
    MUST(slurp("/proc/self/status", buf, sizeof buf));
    int fmt = keys_of(buf, keys_main, sizeof keys_main);
    printf("field names: %s\n", keys_main);
    FACT("every line is Name:<tab>value", fmt);

    int ok = 1;
    long peak = kb(buf, "VmPeak", &ok), size = kb(buf, "VmSize", &ok), hwm = kb(buf, "VmHWM", &ok),
         rss = kb(buf, "VmRSS", &ok), anon = kb(buf, "RssAnon", &ok), file = kb(buf, "RssFile", &ok),
         shm = kb(buf, "RssShmem", &ok);
    const char *more[] = { "VmLck", "VmPin", "VmData", "VmStk", "VmExe", "VmLib", "VmPTE", "VmSwap", "HugetlbPages" };
    for (size_t i = 0; i < sizeof more / sizeof *more; i++) kb(buf, more[i], &ok);
    FACT("all Vm*/Rss* fields are '<n> kB'", ok);
    FACT("VmRSS <= VmSize <= VmPeak", rss <= size && size <= peak);
    FACT("VmRSS <= VmHWM", rss <= hwm);
    FACT("RssAnon + RssFile + RssShmem == VmRSS", anon + file + shm == rss);
    FACT("VmRSS > 0", rss > 0);

    FACT("Pid == getpid", field(buf, "Pid", v, sizeof v) && atol(v) == getpid());
    FACT("Tgid == getpid", field(buf, "Tgid", v, sizeof v) && atol(v) == getpid());
    FACT("PPid == getppid", field(buf, "PPid", v, sizeof v) && atol(v) == getppid());
    FACT("last NSpid == getpid", field(buf, "NSpid", v, sizeof v) && atol(strrchr(v, '\t') ? strrchr(v, '\t') + 1 : v) == getpid());
    printf("Umask: %s\n", field(buf, "Umask", v, sizeof v) ? v : "absent");
    printf("State: %s\n", field(buf, "State", v, sizeof v) ? v : "absent");
    printf("Threads: %s\n", field(buf, "Threads", v, sizeof v) ? v : "absent");
    char comm[64];
    slurp("/proc/self/comm", comm, sizeof comm);
    comm[strcspn(comm, "\n")] = 0;
    int named = field(buf, "Name", v, sizeof v) != NULL;
    printf("Name: %s (== comm %s)\n", named ? v : "absent", named && !strcmp(v, comm) ? "yes" : "no");
    FACT("FDSize > 300 (dup2 onto 300)", field(buf, "FDSize", v, sizeof v) && atol(v) > 300);
    cpu_set_t set;
    CPU_ZERO(&set);
    sched_getaffinity(0, sizeof set, &set);
    FACT("Cpus_allowed_list counts sched_getaffinity", field(buf, "Cpus_allowed_list", v, sizeof v) && count_list(v) == CPU_COUNT(&set));
    long q1 = -1, q2 = -1;
    FACT("SigQ is n/m", field(buf, "SigQ", v, sizeof v) && sscanf(v, "%ld/%ld", &q1, &q2) == 2 && q1 >= 0 && q2 > 0);
    FACT("Cap{Inh,Prm,Eff,Bnd,Amb} are 16 hex digits", hex16(buf, "CapInh") && hex16(buf, "CapPrm") && hex16(buf, "CapEff") &&
         hex16(buf, "CapBnd") && hex16(buf, "CapAmb"));
    FACT("Sig{Pnd,Blk,Ign,Cgt} are 16 hex digits", hex16(buf, "SigPnd") && hex16(buf, "SigBlk") && hex16(buf, "SigIgn") && hex16(buf, "SigCgt"));
    FACT("ctxt switch counters parse", field(buf, "voluntary_ctxt_switches", v, sizeof v) && isdigit((unsigned char)v[0]) &&
         field(buf, "nonvoluntary_ctxt_switches", v, sizeof v) && isdigit((unsigned char)v[0]));

    umask(0);
    slurp("/proc/self/status", buf, sizeof buf);
    printf("Umask after umask(0): %s\n", field(buf, "Umask", v, sizeof v) ? v : "absent");

    pthread_barrier_init(&bar, NULL, 2);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_barrier_wait(&bar);
    char path[128];
    snprintf(path, sizeof path, "/proc/self/task/%d/status", worker_tid);
    int r = slurp(path, other, sizeof other) >= 0;
    keys_of(other, keys, sizeof keys);
    FACT("thread status: same field names", r && !strcmp(keys, keys_main));
    FACT("thread status: Pid == tid, Tgid == getpid", field(other, "Pid", v, sizeof v) && atol(v) == worker_tid &&
         field(other, "Tgid", v, sizeof v) && atol(v) == getpid());
    printf("thread status Threads: %s\n", field(other, "Threads", v, sizeof v) ? v : "absent");
    snprintf(path, sizeof path, "/proc/%d/status", worker_tid);
    FACT("/proc/<tid>/status: Pid == tid", slurp(path, other, sizeof other) >= 0 && field(other, "Pid", v, sizeof v) && atol(v) == worker_tid);
    pthread_barrier_wait(&bar);
    pthread_join(t, NULL);

    fflush(stdout);
    int pfd[2];
    MUST(pipe(pfd));
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        char x;
        read(pfd[0], &x, 1);
        _exit(0);
    }
    snprintf(path, sizeof path, "/proc/%d/status", c);
    r = slurp(path, other, sizeof other) >= 0;
    keys_of(other, keys, sizeof keys);
    FACT("child status: same field names", r && !strcmp(keys, keys_main));
    FACT("child status: PPid == getpid, Pid == fork's answer", field(other, "PPid", v, sizeof v) && atol(v) == getpid() &&
         field(other, "Pid", v, sizeof v) && atol(v) == c);
    printf("child Umask: %s\n", field(other, "Umask", v, sizeof v) ? v : "absent");
    write(pfd[1], "x", 1);
    waitpid(c, NULL, 0);
    return 0;
}
