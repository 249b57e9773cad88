// syscalls: openat read mmap munmap mprotect statfs
// expect: same
/* /proc/self/maps: line format, the executable, [stack], [heap] after brk, [vdso], an anonymous
 * mapping appearing/disappearing with its permissions, a file mapping with its path and offset,
 * a range containing a stack variable; /proc/self/mounts and mountinfo parse (fields, root "/",
 * /proc is proc, every mountinfo line has the " - " separator), smaps_rollup shape. */
#include "common.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>

#include "procfs_util.h"


static char maps[1 << 20];

/* The maps line whose range holds addr; copies its perms and path. */
static int find_range(uintptr_t addr, char *perms, char *path, unsigned long *off) {
    char *p = maps;
    while (*p) {
        unsigned long lo, hi, o;
        char pr[8], name[512] = "";
        int consumed = 0;
        if (sscanf(p, "%lx-%lx %7s %lx %*s %*s%n", &lo, &hi, pr, &o, &consumed) >= 4) {
            char *rest = p + consumed;
            while (*rest == ' ') rest++;
            size_t n = strcspn(rest, "\n");
            if (n >= sizeof name) n = sizeof name - 1;
            memcpy(name, rest, n);
            name[n] = 0;
            if (addr >= lo && addr < hi) { strcpy(perms, pr); strcpy(path, name); *off = o; return 1; }
        }
        p = strchr(p, '\n');
        if (!p) break;
        p++;
    }
    return 0;
}

int main(int argc, char **argv) {
    (void)argc;
    long pg = sysconf(_SC_PAGESIZE);
    ssize_t n = slurp("/proc/self/maps", maps, sizeof maps);
    FACT("maps readable", n > 0);
    int lines = 0, wellformed = 1;
    for (char *p = maps; *p; ) {
        unsigned long lo, hi, off, ino;
        char perms[8], dev[16];
        wellformed &= sscanf(p, "%lx-%lx %7s %lx %15s %lu", &lo, &hi, perms, &off, dev, &ino) == 6 && lo < hi &&
                      strlen(perms) == 4 && strchr("r-", perms[0]) && strchr("w-", perms[1]) && strchr("x-", perms[2]) && strchr("ps", perms[3]);
        lines++;
        p = strchr(p, '\n');
        if (!p) break;
        p++;
    }
    FACT("every line: lo-hi perms offset dev inode", wellformed);
    FACT("more than 5 lines", lines > 5);
    FACT("has the executable path", strstr(maps, argv[0]) != NULL);
    FACT("has [stack]", strstr(maps, "[stack]") != NULL);
    FACT("has [vdso]", strstr(maps, "[vdso]") != NULL);
    FACT("has [vvar]", strstr(maps, "[vvar]") != NULL);
    FACT("has libc", strstr(maps, "libc.so") != NULL || strstr(maps, "libc-") != NULL);
    char perms[8], path[512];
    unsigned long off;
    int local = 0;
    FACT("stack variable lies in [stack] rw-p", find_range((uintptr_t)&local, perms, path, &off) && !strcmp(path, "[stack]") && !strcmp(perms, "rw-p"));
    FACT("main lies in r-xp of the executable", find_range((uintptr_t)main, perms, path, &off) && !strcmp(path, argv[0]) && !strcmp(perms, "r-xp"));

    void *h = malloc(100);
    sbrk(pg);
    slurp("/proc/self/maps", maps, sizeof maps);
    FACT("has [heap] after malloc/brk", strstr(maps, "[heap]") != NULL);
    FACT("malloc'd block in [heap]", find_range((uintptr_t)h, perms, path, &off) && !strcmp(path, "[heap]"));

    char *a = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(a + pg, pg, PROT_READ);
    slurp("/proc/self/maps", maps, sizeof maps);
    int f1 = find_range((uintptr_t)a, perms, path, &off);
    printf("anon page 1: %s %s \"%s\"\n", f1 ? "found" : "missing", perms, path);
    f1 = find_range((uintptr_t)a + pg, perms, path, &off);
    printf("anon page 2 after mprotect: %s %s \"%s\"\n", f1 ? "found" : "missing", perms, path);
    munmap(a, 3 * pg);
    slurp("/proc/self/maps", maps, sizeof maps);
    printf("after munmap: %s\n", find_range((uintptr_t)a + pg, perms, path, &off) ? "still listed" : "gone");

    char tmp[] = "/tmp/conf-maps-XXXXXX";
    int fd = mkstemp(tmp);
    ftruncate(fd, 4 * pg);
    char *m = mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 2 * pg);
    slurp("/proc/self/maps", maps, sizeof maps);
    f1 = find_range((uintptr_t)m, perms, path, &off);
    printf("file mapping: %s perms %s path is the file %s offset in pages %lu\n", f1 ? "found" : "missing", perms,
           !strcmp(path, tmp) ? "yes" : "no", off / pg);
    unlink(tmp);
    slurp("/proc/self/maps", maps, sizeof maps);
    find_range((uintptr_t)m, perms, path, &off);
    FACT("file mapping path after unlink ends with (deleted)", strstr(path, " (deleted)") != NULL);

    static char buf[1 << 16];
    n = slurp("/proc/self/smaps_rollup", buf, sizeof buf);
    char v[128];
    FACT("smaps_rollup has Rss and Pss", n > 0 && field(buf, "Rss", v, sizeof v) && field(buf, "Pss", v, sizeof v));

    n = slurp("/proc/self/mounts", buf, sizeof buf);
    int mlines = 0, six = 1, root = 0, proc = 0;
    for (char *p = buf; n > 0 && *p; ) {
        char dev[256], mp[256], type[64], opts[1024];
        int a1, a2;
        int k = sscanf(p, "%255s %255s %63s %1023s %d %d", dev, mp, type, opts, &a1, &a2);
        six &= k == 6 && (!strncmp(opts, "rw", 2) || !strncmp(opts, "ro", 2));
        root |= k >= 3 && !strcmp(mp, "/");
        proc |= k >= 3 && !strcmp(mp, "/proc") && !strcmp(type, "proc");
        mlines++;
        p = strchr(p, '\n');
        if (!p) break;
        p++;
    }
    FACT("mounts: every line has 6 fields, options start rw/ro", mlines > 0 && six);
    FACT("mounts has /", root);
    FACT("mounts has /proc of type proc", proc);
    char buf2[1 << 16];
    FACT("/proc/mounts == /proc/self/mounts", slurp("/proc/mounts", buf2, sizeof buf2) == n && !memcmp(buf, buf2, n));

    n = slurp("/proc/self/mountinfo", buf, sizeof buf);
    int ilines = 0, sep = 1, nums = 1, iroot = 0, iproc = 0, ids_unique = 1;
    int ids[512], nid = 0;
    for (char *p = buf; n > 0 && *p; ) {
        int id, parent, maj, min;
        char r[256], mp[256];
        int k = sscanf(p, "%d %d %d:%d %255s %255s", &id, &parent, &maj, &min, r, mp);
        nums &= k == 6;
        char *eol = strchr(p, '\n');
        char *dash = strstr(p, " - ");
        sep &= dash && (!eol || dash < eol);
        if (k == 6) {
            iroot |= !strcmp(mp, "/");
            if (!strcmp(mp, "/proc") && dash) iproc |= !strncmp(dash + 3, "proc ", 5);
            for (int i = 0; i < nid; i++) ids_unique &= ids[i] != id;
            if (nid < 512) ids[nid++] = id;
        }
        ilines++;
        if (!eol) break;
        p = eol + 1;
    }
    FACT("mountinfo: numeric id parent major:minor root mountpoint", ilines > 0 && nums);
    FACT("mountinfo: every line has \" - \"", sep);
    FACT("mountinfo has /", iroot);
    FACT("mountinfo /proc is proc", iproc);
    FACT("mountinfo ids unique", ids_unique);
    FACT("mountinfo and mounts have the same number of lines", ilines == mlines);
    return 0;
}
