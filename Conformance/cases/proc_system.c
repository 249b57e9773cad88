// syscalls: openat read readlink getdents64 newfstatat uname sysinfo sched_getaffinity
// expect: same
// normalize: absent /proc/kallsyms:
// normalize: absent /proc/kcore:
// normalize: absent /proc/keys:
// normalize: absent /proc/sysrq-trigger:
// normalize: absent /proc/kmsg:
// normalize: absent /proc/modules:
// normalize: absent /proc/iomem:
// normalize: absent /proc/timer_list:
// normalize: /proc readdir lists a kernel-only name:
// expect-sandbox: absent /proc/kallsyms: ENOENT
// expect-sandbox: absent /proc/kcore: ENOENT
// expect-sandbox: absent /proc/keys: ENOENT
// expect-sandbox: absent /proc/sysrq-trigger: ENOENT
// expect-sandbox: absent /proc/kmsg: ENOENT
// expect-sandbox: absent /proc/modules: ENOENT
// expect-sandbox: absent /proc/iomem: ENOENT
// expect-sandbox: absent /proc/timer_list: ENOENT
// expect-sandbox: /proc readdir lists a kernel-only name: no
/* The machine as /proc and /sys describe it: cpuinfo, meminfo, stat, uptime, loadavg, version,
 * filesystems, swaps, /proc/sys/{kernel,vm,fs} and /sys/devices/system/cpu/{online,possible}.
 * Printed: which fields exist, whether they parse, and relations that hold on any machine
 * (processor count == sysconf(_SC_NPROCESSORS_ONLN), MemTotal == sysinfo totalram,
 * osrelease == uname().release, btime + uptime ~ now), never the values.
 * Kernel-internal files natively exist; the sandbox must not serve them (ENOENT): those lines
 * are normalized and checked by `expect-sandbox`. */
#include "common.h"
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>

static ssize_t slurp(const char *path, char *buf, size_t size) {
    buf[0] = 0;  /* callers parse an empty text after a failure */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, size - 1 - n);
        if (r < 0) { int e = errno; close(fd); errno = e; return -1; }
        if (r == 0 || n + r >= size - 1) { n += r; break; }
        n += r;
    }
    close(fd);
    buf[n] = 0;
    return (ssize_t)n;
}

/* The value after "Key" and a colon in a "Key<blanks>: value" file (cpuinfo, meminfo). */
static const char *field(const char *text, const char *key, char *out, size_t size) {
    size_t k = strlen(key);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, key, k) != 0) continue;
        const char *q = p + k;
        while (*q == ' ' || *q == '\t') q++;
        if (*q != ':') continue;
        q++;
        while (*q == ' ' || *q == '\t') q++;
        size_t n = strcspn(q, "\n");
        if (n >= size) n = size - 1;
        memcpy(out, q, n);
        out[n] = 0;
        return out;
    }
    return NULL;
}

/* A /proc/sys file holding one integer (and a newline). */
static int sys_int(const char *path, long long *value) {
    char buf[256], *end;
    if (slurp(path, buf, sizeof buf) <= 0) return 0;
    errno = 0;
    *value = strtoll(buf, &end, 10);
    return errno == 0 && end != buf && !strcmp(end, "\n");
}

static int sys_text(const char *path, char *out, size_t size) {
    if (slurp(path, out, size) <= 0) return 0;
    size_t n = strlen(out);
    if (n == 0 || out[n - 1] != '\n') return 0;
    out[n - 1] = 0;
    return 1;
}

static int is_uuid(const char *s) {
    if (strlen(s) != 36) return 0;
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) { if (s[i] != '-') return 0; }
        else if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i])) return 0;
    }
    return 1;
}

/* "0-3,5,7-8" -> 7; -1 if it does not parse. */
static int count_cpu_list(const char *s) {
    int count = 0;
    while (*s && *s != '\n') {
        char *end;
        long a = strtol(s, &end, 10), b = a;
        if (end == s) return -1;
        if (*end == '-') { s = end + 1; b = strtol(s, &end, 10); if (end == s || b < a) return -1; }
        count += b - a + 1;
        s = end;
        if (*s == ',') s++;
        else if (*s && *s != '\n') return -1;
    }
    return count;
}

static void cpu_section(long ncpu) {
    static char buf[1 << 18];
    char v[4096];
    cpu_set_t set;
    MUST(sched_getaffinity(0, sizeof set, &set));
    FACT("sysconf(_SC_NPROCESSORS_ONLN) >= 1", ncpu >= 1);
    FACT("sched_getaffinity count == ONLN", CPU_COUNT(&set) == ncpu);
    FACT("get_nprocs() == ONLN", get_nprocs() == ncpu);

    int ok = slurp("/proc/cpuinfo", buf, sizeof buf) > 0;
    FACT("cpuinfo readable", ok);
    int processors = 0, in_order = 1, blocks_complete = 1;
    for (char *save, *block = strtok_r(buf, "\n", &save); block; block = strtok_r(NULL, "\n", &save)) {
        if (strncmp(block, "processor", 9)) continue;
        char *colon = strchr(block, ':');
        if (!colon || atoi(colon + 1) != processors || !isdigit((unsigned char)colon[2])) in_order = 0;
        processors++;
    }
    FACT("cpuinfo processor count == ONLN", processors == ncpu);
    FACT("cpuinfo processors numbered 0..N-1", processors > 0 && in_order);
    ok = slurp("/proc/cpuinfo", buf, sizeof buf) > 0;
    /* Every block (separated by a blank line) carries the same keys. */
    static const char *keys[] = {"processor", "vendor_id", "cpu family", "model", "model name", "flags", "bogomips"};
    int blocks = 0;
    for (char *p = buf; p && *p;) {
        char *end = strstr(p, "\n\n");
        if (end) *end = 0;
        blocks++;
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) blocks_complete &= field(p, keys[i], v, sizeof v) != NULL;
        p = end ? end + 2 : NULL;
    }
    printf("cpuinfo blocks == processors: %s\n", blocks == processors ? "yes" : "no");
    FACT("every cpuinfo block has processor, vendor_id, cpu family, model, model name, flags, bogomips", blocks_complete);
    ok = slurp("/proc/cpuinfo", buf, sizeof buf) > 0;
    FACT("cpuinfo flags include fpu and sse2", ok && field(buf, "flags", v, sizeof v) && strstr(v, "fpu ") && strstr(v, " sse2"));

    FACT("/sys/devices/system/cpu/online counts ONLN cpus",
         slurp("/sys/devices/system/cpu/online", v, sizeof v) > 0 && count_cpu_list(v) == ncpu);
    FACT("/sys/devices/system/cpu/possible >= online",
         slurp("/sys/devices/system/cpu/possible", v, sizeof v) > 0 && count_cpu_list(v) >= ncpu);
}

static void meminfo_section(void) {
    static char buf[1 << 14];
    char v[256];
    int ok = slurp("/proc/meminfo", buf, sizeof buf) > 0;
    FACT("meminfo readable", ok);
    static const char *keys[] = {"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached",
                                 "Active", "Inactive", "SwapTotal", "SwapFree", "Shmem", "Slab", "CommitLimit",
                                 "Committed_AS", "VmallocTotal"};
    int all_kb = 1;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        int has = ok && field(buf, keys[i], v, sizeof v);
        unsigned long long n;
        char unit[8] = "";
        all_kb &= has && sscanf(v, "%llu %7s", &n, unit) == 2 && !strcmp(unit, "kB");
        printf("meminfo has %s: %s\n", keys[i], has ? "yes" : "no");
    }
    FACT("those values are N kB", all_kb);
    unsigned long long total = 0, free_ = 0, avail = 0, swap_total = 0, swap_free = 0;
    if (field(buf, "MemTotal", v, sizeof v)) total = strtoull(v, NULL, 10);
    if (field(buf, "MemFree", v, sizeof v)) free_ = strtoull(v, NULL, 10);
    if (field(buf, "MemAvailable", v, sizeof v)) avail = strtoull(v, NULL, 10);
    if (field(buf, "SwapTotal", v, sizeof v)) swap_total = strtoull(v, NULL, 10);
    if (field(buf, "SwapFree", v, sizeof v)) swap_free = strtoull(v, NULL, 10);
    FACT("MemTotal > 0", total > 0);
    FACT("MemFree <= MemTotal", free_ <= total);
    FACT("MemAvailable <= MemTotal", avail <= total);
    FACT("SwapFree <= SwapTotal", swap_free <= swap_total);
    /* No memory limit is set for conformance runs: both describe the same (host-sized) memory. */
    struct sysinfo si;
    MUST(sysinfo(&si));
    FACT("MemTotal == sysinfo totalram", total * 1024 == (unsigned long long)si.totalram * si.mem_unit);
    FACT("MemTotal == _SC_PHYS_PAGES * page size",
         total * 1024 == (unsigned long long)sysconf(_SC_PHYS_PAGES) * (unsigned long long)sysconf(_SC_PAGESIZE));
    FACT("MemTotal is whole pages", (total * 1024) % sysconf(_SC_PAGESIZE) == 0);
}

static void stat_section(long ncpu) {
    static char buf[1 << 18];
    int ok = slurp("/proc/stat", buf, sizeof buf) > 0;
    FACT("stat readable", ok);
    int cpu_numbers = 0, cpun = 0, cpun_in_order = 1, cpun_numbers_ok = 1;
    long long btime = -1;
    int has[6] = {0};
    static const char *keys[] = {"intr ", "ctxt ", "btime ", "processes ", "procs_running ", "procs_blocked "};
    for (char *save, *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, "cpu ", 4)) {
            char *p = line + 4, *end;
            for (;;) { strtoull(p, &end, 10); if (end == p) break; cpu_numbers++; p = end; }
        } else if (!strncmp(line, "cpu", 3) && isdigit((unsigned char)line[3])) {
            if (atoi(line + 3) != cpun) cpun_in_order = 0;
            int numbers = 0;
            char *p = strchr(line, ' '), *end;
            for (; p;) { strtoull(p, &end, 10); if (end == p) break; numbers++; p = end; }
            cpun_numbers_ok &= numbers >= 8;
            cpun++;
        }
        for (int i = 0; i < 6; i++) if (!strncmp(line, keys[i], strlen(keys[i]))) has[i] = 1;
        if (!strncmp(line, "btime ", 6)) btime = atoll(line + 6);
    }
    FACT("stat 'cpu ' line has >= 8 numbers", cpu_numbers >= 8);
    FACT("stat cpuN lines == ONLN", cpun == ncpu);
    FACT("stat cpuN numbered 0..N-1", cpun > 0 && cpun_in_order);
    FACT("stat cpuN lines have >= 8 numbers", cpun > 0 && cpun_numbers_ok);
    for (int i = 0; i < 6; i++) printf("stat has %.*s: %s\n", (int)strlen(keys[i]) - 1, keys[i], has[i] ? "yes" : "no");

    double up = -1, idle = -1;
    char tail[8];
    ok = slurp("/proc/uptime", buf, sizeof buf) > 0;
    FACT("uptime is two non-negative numbers", ok && sscanf(buf, "%lf %lf%7s", &up, &idle, tail) == 2 && up >= 0 && idle >= 0);
    FACT("uptime has two decimals", ok && strchr(buf, '.') && strchr(buf, '.')[3] == ' ');
    time_t now = time(NULL);
    FACT("btime <= now", btime > 0 && btime <= now);
    FACT("btime + uptime ~ now (2 s)", btime > 0 && llabs((long long)(btime + up) - (long long)now) <= 2);

    ok = slurp("/proc/loadavg", buf, sizeof buf) > 0;
    double l1, l5, l15;
    int running, total;
    long last;
    int n = ok ? sscanf(buf, "%lf %lf %lf %d/%d %ld", &l1, &l5, &l15, &running, &total, &last) : -1;
    FACT("loadavg is 'a b c r/t last'", n == 6);
    FACT("loadavg averages >= 0, 1 <= running <= total", n == 6 && l1 >= 0 && l5 >= 0 && l15 >= 0 && running >= 1 && running <= total);
}

static void text_section(void) {
    static char buf[1 << 16];
    char v[512];
    struct utsname u;
    MUST(uname(&u));
    char want[600];
    snprintf(want, sizeof want, "Linux version %s ", u.release);
    int ok = slurp("/proc/version", buf, sizeof buf) > 0;
    FACT("version starts 'Linux version <uname release> '", ok && !strncmp(buf, want, strlen(want)));
    FACT("version contains uname version", ok && strstr(buf, u.version) != NULL);

    ok = slurp("/proc/filesystems", buf, sizeof buf) > 0;
    FACT("filesystems has nodev proc", ok && strstr(buf, "nodev\tproc\n"));
    FACT("filesystems has nodev tmpfs", ok && strstr(buf, "nodev\ttmpfs\n"));
    int bad = 0;
    for (char *save, *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(line, '\t');
        if (!tab || (tab != line && strncmp(line, "nodev\t", 6)) || !tab[1]) bad++;
    }
    FACT("filesystems lines are '[nodev]\\tNAME'", ok && bad == 0);

    ok = slurp("/proc/swaps", buf, sizeof buf) > 0;
    FACT("swaps header", ok && !strncmp(buf, "Filename\t\t\t\tType\t\tSize", 22));

    long long x;
    FACT("kernel/pid_max is an integer > 300", sys_int("/proc/sys/kernel/pid_max", &x) && x > 300);
    FACT("kernel/ostype == uname sysname", sys_text("/proc/sys/kernel/ostype", v, sizeof v) && !strcmp(v, u.sysname));
    FACT("kernel/osrelease == uname release", sys_text("/proc/sys/kernel/osrelease", v, sizeof v) && !strcmp(v, u.release));
    FACT("kernel/version == uname version", sys_text("/proc/sys/kernel/version", v, sizeof v) && !strcmp(v, u.version));
    FACT("kernel/hostname == uname nodename", sys_text("/proc/sys/kernel/hostname", v, sizeof v) && !strcmp(v, u.nodename));
    char host[256];
    MUST(gethostname(host, sizeof host));
    FACT("kernel/hostname == gethostname()", sys_text("/proc/sys/kernel/hostname", v, sizeof v) && !strcmp(v, host));
    char a[64] = "", b[64] = "";
    FACT("kernel/random/boot_id is a UUID", sys_text("/proc/sys/kernel/random/boot_id", a, sizeof a) && is_uuid(a));
    FACT("kernel/random/boot_id is stable", sys_text("/proc/sys/kernel/random/boot_id", b, sizeof b) && !strcmp(a, b));
    FACT("kernel/random/uuid is a UUID", sys_text("/proc/sys/kernel/random/uuid", a, sizeof a) && is_uuid(a));
    FACT("kernel/random/uuid changes per read", sys_text("/proc/sys/kernel/random/uuid", b, sizeof b) && strcmp(a, b));
    FACT("vm/overcommit_memory is 0, 1 or 2", sys_int("/proc/sys/vm/overcommit_memory", &x) && x >= 0 && x <= 2);
    FACT("vm/max_map_count is an integer > 0", sys_int("/proc/sys/vm/max_map_count", &x) && x > 0);
    FACT("fs/file-max is an integer > 0", sys_int("/proc/sys/fs/file-max", &x) && x > 0);
    struct rlimit rl;
    MUST(getrlimit(RLIMIT_NOFILE, &rl));
    FACT("fs/nr_open >= RLIMIT_NOFILE hard", sys_int("/proc/sys/fs/nr_open", &x) && x > 0 && (rlim_t)x >= rl.rlim_max);
    FACT("fs/inotify/max_user_watches is an integer > 0", sys_int("/proc/sys/fs/inotify/max_user_watches", &x) && x > 0);
    FACT("fs/inotify/max_user_instances is an integer > 0", sys_int("/proc/sys/fs/inotify/max_user_instances", &x) && x > 0);
    struct stat st;
    FACT("/proc/sys/kernel is a directory", stat("/proc/sys/kernel", &st) == 0 && S_ISDIR(st.st_mode));
    FACT("kernel/pid_max is a regular file", stat("/proc/sys/kernel/pid_max", &st) == 0 && S_ISREG(st.st_mode));
    REPORT("open /proc/sys/kernel/no-such-knob", open("/proc/sys/kernel/no-such-knob", O_RDONLY));
}

static void absent_section(void) {
    static const char *absent[] = {"kallsyms", "kcore", "keys", "sysrq-trigger", "kmsg", "modules", "iomem",
                                   "timer_list"};
    int listed = 0;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d)))
        for (size_t i = 0; i < sizeof absent / sizeof *absent; i++) listed |= !strcmp(e->d_name, absent[i]);
    if (d) closedir(d);
    FACT("/proc readdir lists a kernel-only name", listed);
    for (size_t i = 0; i < sizeof absent / sizeof *absent; i++) {
        char path[64], label[80];
        struct stat st;
        snprintf(path, sizeof path, "/proc/%s", absent[i]);
        snprintf(label, sizeof label, "absent %s", path);
        REPORT(label, stat(path, &st));
    }
}

int main(void) {
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    printf("-- cpus\n");
    cpu_section(ncpu);
    printf("-- meminfo\n");
    meminfo_section();
    printf("-- stat, uptime, loadavg\n");
    stat_section(ncpu);
    printf("-- version, filesystems, swaps, /proc/sys\n");
    text_section();
    printf("-- kernel-only files\n");
    absent_section();
    return 0;
}
