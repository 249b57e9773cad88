// syscalls: sysinfo
// expect: same
#include "common.h"
#include <sys/sysinfo.h>

// sysinfo(2) and /proc describe the same machine: total memory, uptime and the load agree.
static double proc_first_double(const char *path) {
    FILE *f = fopen(path, "r");
    double v = -1;
    if (f) {
        if (fscanf(f, "%lf", &v) != 1) v = -1;
        fclose(f);
    }
    return v;
}

static unsigned long long meminfo_kb(const char *key) {
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    unsigned long long v = 0;
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f)) {
        if (!strncmp(line, key, n) && line[n] == ':') { v = strtoull(line + n + 1, NULL, 10); break; }
    }
    if (f) fclose(f);
    return v;
}

int main(void) {
    struct sysinfo s;
    MUST(sysinfo(&s));
    FACT("mem_unit >= 1", s.mem_unit >= 1);
    unsigned long long total = (unsigned long long)s.totalram * s.mem_unit;
    FACT("totalram > 0", total > 0);
    FACT("freeram <= totalram", s.freeram <= s.totalram);
    FACT("procs >= 1", s.procs >= 1);
    FACT("uptime >= 0", s.uptime >= 0);
    double up = proc_first_double("/proc/uptime");
    FACT("uptime agrees with /proc/uptime", up >= 0 && (double)s.uptime <= up + 1 && up <= (double)s.uptime + 2);
    unsigned long long memtotal = meminfo_kb("MemTotal");
    FACT("totalram agrees with MemTotal", memtotal > 0 && total / 1024 >= memtotal - 1 && total / 1024 <= memtotal + 1);
    double load = proc_first_double("/proc/loadavg");
    FACT("load agrees with /proc/loadavg",
         load >= 0 && (double)s.loads[0] / 65536.0 <= load + 0.5 && load <= (double)s.loads[0] / 65536.0 + 0.5);
    REPORT("sysinfo(NULL)", sysinfo(NULL));
    REPORT("sysinfo(bad pointer)", sysinfo((struct sysinfo *)8));
    return 0;
}
