// syscalls: openat read newfstatat statfs
// expect: same
/* The mount table as libmount/getmntent/df read it: every /proc/self/mounts line has 6 fields
 * (dump and pass numeric), getmntent sees as many entries, /proc/mounts and /etc/mtab-style
 * /proc/self/mounts are the same bytes; mountinfo has as many lines, the same mount points in the
 * same order, the " - " separator, "major:minor" and a root starting with '/'; and for /, /tmp,
 * /proc and /dev the covering mount (last, longest prefix) agrees with the file system: its
 * major:minor is stat's st_dev, its type matches statfs's f_type, and ro/nosuid/nodev/noexec
 * in its options match statvfs's flags. */
#include "common.h"
#include <fcntl.h>
#include <mntent.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <linux/magic.h>

#include "procfs_util.h"

#define MAXM 256
static char mounts[65536], mounts2[65536], mi[65536];
static char *mp[MAXM], *mtype[MAXM], *mopts[MAXM], *mimp[MAXM], *midev[MAXM];

static int split_mounts(char *text, int *bad) {
    int n = 0;
    *bad = 0;
    for (char *l = strtok(text, "\n"); l && n < MAXM; l = strtok(NULL, "\n"), n++) {
        char *f[8];
        int k = 0;
        for (char *s = l, *t; k < 8 && (t = strsep(&s, " ")); ) f[k++] = t;
        if (k != 6 || strspn(f[4], "0123456789") != strlen(f[4]) || strspn(f[5], "0123456789") != strlen(f[5])) (*bad)++;
        mp[n] = k > 1 ? f[1] : ""; mtype[n] = k > 2 ? f[2] : ""; mopts[n] = k > 3 ? f[3] : "";
    }
    return n;
}

static int split_mountinfo(char *text, int *bad) {
    int n = 0;
    *bad = 0;
    for (char *l = strtok(text, "\n"); l && n < MAXM; l = strtok(NULL, "\n"), n++) {
        char *sep = strstr(l, " - ");
        char *f[16];
        int k = 0;
        if (sep) *sep = 0;
        for (char *s = l, *t; k < 16 && (t = strsep(&s, " ")); ) f[k++] = t;
        unsigned ma, mn;
        if (!sep || k < 6 || sscanf(f[2], "%u:%u", &ma, &mn) != 2 || f[3][0] != '/' || f[4][0] != '/') (*bad)++;
        if (sep) {
            int j = 0;
            for (char *s = sep + 3, *t; (t = strsep(&s, " ")); ) j++;
            if (j != 3) (*bad)++;
        }
        mimp[n] = k > 4 ? f[4] : "";
        midev[n] = k > 2 ? f[2] : "";
    }
    return n;
}

static int covering(const char *path, int n) {
    int best = -1;
    size_t bl = 0;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(mp[i]);
        int prefix = !strcmp(mp[i], "/") || (!strncmp(path, mp[i], l) && (path[l] == 0 || path[l] == '/'));
        if (prefix && (l >= bl)) { best = i; bl = l; }
    }
    return best;
}

static int has_opt(const char *opts, const char *o) {
    char buf[1024];
    snprintf(buf, sizeof buf, ",%s,", opts);
    char want[64];
    snprintf(want, sizeof want, ",%s,", o);
    return strstr(buf, want) != NULL;
}

static const char *type_of(long t) {
    switch (t) {
    case TMPFS_MAGIC: return "tmpfs";
    case EXT4_SUPER_MAGIC: return "ext4";
    case PROC_SUPER_MAGIC: return "proc";
    case BTRFS_SUPER_MAGIC: return "btrfs";
    case XFS_SUPER_MAGIC: return "xfs";
    case OVERLAYFS_SUPER_MAGIC: return "overlay";
    default: return "?";
    }
}

int main(void) {
    MUST(slurp("/proc/self/mounts", mounts, sizeof mounts));
    MUST(slurp("/proc/mounts", mounts2, sizeof mounts2));
    FACT("/proc/mounts == /proc/self/mounts", !strcmp(mounts, mounts2));
    FILE *f = setmntent("/proc/self/mounts", "r");
    int ents = 0;
    while (f && getmntent(f)) ents++;
    if (f) endmntent(f);
    int bad, lines = split_mounts(mounts, &bad);
    printf("mounts: lines parse as 6 fields with numeric dump/pass: %s, getmntent count == lines %s\n", bad ? "no" : "yes",
           ents == lines ? "yes" : "no");
    MUST(slurp("/proc/self/mountinfo", mi, sizeof mi));
    int mbad, milines = split_mountinfo(mi, &mbad);
    int same_points = milines == lines;
    for (int i = 0; same_points && i < lines; i++) same_points = !strcmp(mp[i], mimp[i]);
    printf("mountinfo: lines well formed %s, as many lines as mounts %s, same mount points in order %s\n", mbad ? "no" : "yes",
           milines == lines ? "yes" : "no", same_points ? "yes" : "no");

    const char *paths[] = { "/", "/tmp", "/proc", "/dev" };
    for (int i = 0; i < 4; i++) {
        int m = covering(paths[i], lines);
        if (m < 0) { printf("%s: no covering mount\n", paths[i]); continue; }
        struct stat st;
        struct statfs sf;
        struct statvfs sv;
        stat(paths[i], &st);
        statfs(paths[i], &sf);
        statvfs(paths[i], &sv);
        char dev[32];
        snprintf(dev, sizeof dev, "%u:%u", major(st.st_dev), minor(st.st_dev));
        const char *t = type_of(sf.f_type);
        printf("%s: covering mount's major:minor == st_dev %s, type == statfs type %s, statvfs agrees on ro %s, nosuid %s, nodev %s, noexec %s\n",
               paths[i], same_points && !strcmp(midev[m], dev) ? "yes" : "no",
               !strcmp(mtype[m], t) || (!strcmp(t, "ext4") && !strncmp(mtype[m], "ext", 3)) ||
               (!strcmp(t, "tmpfs") && !strcmp(mtype[m], "devtmpfs")) ? "yes" : "no",
               has_opt(mopts[m], "ro") == !!(sv.f_flag & ST_RDONLY) ? "yes" : "no",
               has_opt(mopts[m], "nosuid") == !!(sv.f_flag & ST_NOSUID) ? "yes" : "no",
               has_opt(mopts[m], "nodev") == !!(sv.f_flag & ST_NODEV) ? "yes" : "no",
               has_opt(mopts[m], "noexec") == !!(sv.f_flag & ST_NOEXEC) ? "yes" : "no");
    }
    return 0;
}
