// syscalls: openat read sysinfo
// expect: same
/* System-wide /proc files, shapes only: /proc/stat (cpu lines, ctxt, btime, processes,
 * procs_running, intr), /proc/meminfo (keys, kB units, relations), /proc/loadavg (5 fields,
 * running/total), /proc/uptime (2 numbers, idle), /proc/cpuinfo (processor entries == online
 * CPUs, keys present), /proc/version vs uname, /proc/filesystems has proc. No values are printed. */
#include "common.h"
#include <ctype.h>
#include <fcntl.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>

#include "procfs_util.h"


static char buf[1 << 20];

static int count_prefix(const char *text, const char *prefix) {
    int n = 0;
    size_t k = strlen(prefix);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        n += !strncmp(p, prefix, k);
    return n;
}

static const char *line_of(const char *text, const char *prefix) {
    size_t k = strlen(prefix);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (!strncmp(p, prefix, k)) return p;
    return NULL;
}

int main(void) {
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    ssize_t n = slurp("/proc/stat", buf, sizeof buf);
    FACT("/proc/stat readable", n > 0);
    const char *cpu = line_of(buf, "cpu ");
    unsigned long long f[10];
    FACT("aggregate cpu line has 10 numbers", cpu && sscanf(cpu + 4, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
         f, f + 1, f + 2, f + 3, f + 4, f + 5, f + 6, f + 7, f + 8, f + 9) == 10);
    FACT("cpuN lines == online CPUs", count_prefix(buf, "cpu") - 1 == ncpu);
    FACT("cpu0 line present", line_of(buf, "cpu0 ") != NULL);
    static const char *keys[] = { "intr ", "ctxt ", "btime ", "processes ", "procs_running ", "procs_blocked ", "softirq " };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *l = line_of(buf, keys[i]);
        unsigned long long v;
        printf("/proc/stat %s: %s\n", keys[i], l && sscanf(l + strlen(keys[i]), "%llu", &v) == 1 ? "number" : "missing");
    }
    const char *bt = line_of(buf, "btime ");
    struct sysinfo si;
    sysinfo(&si);
    long long btime = bt ? atoll(bt + 6) : 0;
    FACT("btime + uptime ~ now (within 5 s)", llabs(btime + si.uptime - (long long)time(NULL)) <= 5);
    const char *pr = line_of(buf, "procs_running ");
    FACT("procs_running >= 1", pr && atol(pr + 14) >= 1);

    n = slurp("/proc/meminfo", buf, sizeof buf);
    FACT("/proc/meminfo readable", n > 0);
    static const char *mk[] = { "MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapTotal", "SwapFree",
                                "Active", "Inactive", "Shmem", "Slab", "Committed_AS", "VmallocTotal", "HugePages_Total", "Hugepagesize" };
    char v[128];
    for (size_t i = 0; i < sizeof mk / sizeof *mk; i++) {
        const char *x = field(buf, mk[i], v, sizeof v);
        int isnum = x && isdigit((unsigned char)v[0]);
        int kb = x && strstr(v, " kB") != NULL;
        printf("meminfo %s: %s%s\n", mk[i], x ? (isnum ? "number" : "not a number") : "missing", kb ? " kB" : "");
    }
    long long total = field(buf, "MemTotal", v, sizeof v) ? atoll(v) : -1;
    long long freem = field(buf, "MemFree", v, sizeof v) ? atoll(v) : -1;
    long long avail = field(buf, "MemAvailable", v, sizeof v) ? atoll(v) : -1;
    FACT("MemFree <= MemTotal", freem >= 0 && freem <= total);
    FACT("MemAvailable <= MemTotal", avail >= 0 && avail <= total);
    FACT("MemTotal == sysinfo totalram (kB)", total == (long long)((unsigned long long)si.totalram * si.mem_unit / 1024));
    int colon_lines = 1;
    for (const char *p = buf; *p; p = strchr(p, '\n') + 1) { colon_lines &= strchr(p, ':') && strchr(p, ':') < strchr(p, '\n'); if (!strchr(p, '\n')) break; }
    FACT("every meminfo line is Key: value", colon_lines);

    n = slurp("/proc/loadavg", buf, sizeof buf);
    double l1, l5, l15;
    int running, total_t, last;
    int k = sscanf(buf, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &running, &total_t, &last);
    printf("loadavg fields parsed: %d\n", k);
    FACT("loads >= 0", k == 6 && l1 >= 0 && l5 >= 0 && l15 >= 0);
    FACT("running >= 1 and <= total", k == 6 && running >= 1 && running <= total_t);
    FACT("loadavg ends with newline, one line", n > 0 && buf[n - 1] == '\n' && strchr(buf, '\n') == buf + n - 1);

    n = slurp("/proc/uptime", buf, sizeof buf);
    double up, idle;
    printf("uptime fields parsed: %d\n", sscanf(buf, "%lf %lf", &up, &idle));
    FACT("uptime two decimals", strchr(buf, '.') && strchr(buf, '.')[3] == ' ');
    FACT("uptime > 0", up > 0);
    FACT("uptime ~ sysinfo uptime (within 2 s)", up - si.uptime < 2 && si.uptime - up < 2);
    FACT("idle >= 0", idle >= 0);

    n = slurp("/proc/cpuinfo", buf, sizeof buf);
    FACT("/proc/cpuinfo readable", n > 0);
    FACT("processor entries == online CPUs", count_prefix(buf, "processor") == ncpu);
    static const char *ck[] = { "processor\t", "vendor_id\t", "model name\t", "flags\t\t", "cpu MHz\t\t", "cache size\t", "bogomips\t", "siblings\t" };
    for (size_t i = 0; i < sizeof ck / sizeof *ck; i++) printf("cpuinfo has %.*s: %s\n", (int)strcspn(ck[i], "\t"), ck[i], line_of(buf, ck[i]) ? "yes" : "no");
    const char *fl = line_of(buf, "flags");
    FACT("flags include fpu", fl && strstr(fl, " fpu") != NULL);
    FACT("blank line between processors", ncpu < 2 || strstr(buf, "\n\nprocessor") != NULL);

    n = slurp("/proc/version", buf, sizeof buf);
    struct utsname u;
    uname(&u);
    FACT("/proc/version starts with \"Linux version \" + release", n > 0 && !strncmp(buf, "Linux version ", 14) && !strncmp(buf + 14, u.release, strlen(u.release)));
    n = slurp("/proc/filesystems", buf, sizeof buf);
    FACT("/proc/filesystems lists nodev proc", strstr(buf, "nodev\tproc\n") != NULL);
    n = slurp("/proc/sys/kernel/pid_max", buf, sizeof buf);
    FACT("/proc/sys/kernel/pid_max is a number", n > 0 && isdigit((unsigned char)buf[0]));
    n = slurp("/proc/sys/kernel/ostype", buf, sizeof buf);
    printf("ostype: %s", n > 0 ? buf : "missing\n");
    return 0;
}
