// syscalls: openat getdents64 close newfstatat
// expect: same
/* Listing /dev/pts as ls and ps do: the entries other than ptmx after opening three ptys
 * (relative to before, since other ptys may exist), that their names are the ptsname basenames,
 * that each is a decimal number, that closing the masters removes them, and ls -1 of /dev/pts
 * by a child shell (only the count, relative). Runs as uid 1000. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/wait.h>

static void drop(void) {
    become_guest_ids();
}

static char names[64][32];

static int list(int *has_ptmx, int *all_numeric) {
    DIR *d = opendir("/dev/pts");
    if (!d) { printf("opendir /dev/pts: %s\n", errname(errno)); exit(1); }
    int n = 0;
    *has_ptmx = 0;
    *all_numeric = 1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (!strcmp(e->d_name, "ptmx")) { *has_ptmx = 1; continue; }
        if (strspn(e->d_name, "0123456789") != strlen(e->d_name)) *all_numeric = 0;
        if (e->d_type != DT_CHR) *all_numeric = 0;
        if (n < 64) snprintf(names[n], sizeof names[n], "%s", e->d_name);
        n++;
    }
    closedir(d);
    return n;
}

static int listed(const char *base, int n) {
    for (int i = 0; i < n && i < 64; i++) if (!strcmp(names[i], base)) return 1;
    return 0;
}

static int ls_count(void) {
    int p[2];
    MUST(pipe(p));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        execl("/bin/sh", "sh", "-c", "ls -1 /dev/pts | grep -c '^[0-9]'", (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    char b[32] = "";
    ssize_t n = read(p[0], b, sizeof b - 1);
    close(p[0]);
    waitpid(pid, NULL, 0);
    return n > 0 ? atoi(b) : -1;
}

int main(void) {
    drop();
    int ptmx, num;
    int before = list(&ptmx, &num);
    FACT("ptmx listed", ptmx);
    FACT("other entries are numeric char devices", num);
    int ls_before = ls_count();
    int m[3];
    char sn[3][64];
    for (int i = 0; i < 3; i++) {
        m[i] = posix_openpt(O_RDWR | O_NOCTTY);
        MUST(m[i]);
        MUST(grantpt(m[i]));
        MUST(unlockpt(m[i]));
        MUST(ptsname_r(m[i], sn[i], 64) ? -1 : 0);
    }
    int after = list(&ptmx, &num);
    printf("new entries after 3 opens: %d\n", after - before);
    FACT("all numeric char devices", num);
    int ok = 1;
    for (int i = 0; i < 3; i++) ok &= listed(sn[i] + 9, after);
    FACT("each ptsname basename is listed", ok);
    printf("ls -1 counts new entries: %d\n", ls_count() - ls_before);
    int s = open(sn[1], O_RDWR | O_NOCTTY);
    MUST(s);
    close(m[0]);
    int mid = list(&ptmx, &num);
    printf("entries after closing one master: %d\n", mid - before);
    close(m[1]);
    int still = list(&ptmx, &num);
    printf("after closing a master whose slave is open: %d\n", still - before);
    close(s);
    int gone = list(&ptmx, &num);
    printf("after closing that slave: %d\n", gone - before);
    close(m[2]);
    int end = list(&ptmx, &num);
    printf("after closing all: %d\n", end - before);
    ok = 1;
    for (int i = 0; i < 3; i++) ok &= !listed(sn[i] + 9, end);
    FACT("none of the three remains", ok);
    return 0;
}
