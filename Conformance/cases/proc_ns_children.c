// syscalls: readlinkat openat read getdents64
// expect: same
// /proc/<pid>/ns links (tools compare namespaces by readlink) and task/<tid>/children.
#define _GNU_SOURCE
#include "common.h"
#include <dirent.h>
#include <sys/wait.h>

static int well_formed(const char *type, const char *link) {
    size_t n = strlen(type);
    if (strncmp(link, type, n) != 0 || link[n] != ':' || link[n + 1] != '[') return 0;
    const char *p = link + n + 2;
    if (!*p) return 0;
    while (*p >= '0' && *p <= '9') p++;
    return p[0] == ']' && p[1] == 0;
}

int main(void) {
    const char *types[] = {"cgroup", "ipc", "mnt", "net", "pid", "user", "uts"};
    char path[64], link[128], other[128];
    for (unsigned i = 0; i < sizeof types / sizeof types[0]; i++) {
        snprintf(path, sizeof path, "/proc/self/ns/%s", types[i]);
        ssize_t n = readlink(path, link, sizeof link - 1);
        if (n < 0) { printf("%s: %s\n", types[i], errname(errno)); continue; }
        link[n] = 0;
        printf("%s: well formed %s\n", types[i], well_formed(types[i], link) ? "yes" : "no");
    }
    int listed = 0;
    DIR *d = opendir("/proc/self/ns");
    if (d) {
        for (struct dirent *e; (e = readdir(d)); ) if (e->d_name[0] != '.') listed++;
        closedir(d);
    }
    printf("ns entries listed: %s\n", listed >= 7 ? "7 or more" : "fewer");
    int pipefd[2];
    MUST(pipe(pipefd));
    pid_t child = fork();
    if (child == 0) {
        char c;
        (void)read(pipefd[0], &c, 1);
        _exit(0);
    }
    // A child shares its parent's namespaces.
    snprintf(path, sizeof path, "/proc/%d/ns/pid", child);
    ssize_t a = readlink("/proc/self/ns/pid", link, sizeof link - 1), b = readlink(path, other, sizeof other - 1);
    if (a > 0 && b > 0) { link[a] = 0; other[b] = 0; }
    printf("child's pid namespace is ours: %s\n", a > 0 && b > 0 && strcmp(link, other) == 0 ? "yes" : "no");
    snprintf(path, sizeof path, "/proc/self/task/%d/children", getpid());
    FILE *f = fopen(path, "r");
    int found = 0;
    if (f) {
        int pid;
        while (fscanf(f, "%d", &pid) == 1) if (pid == child) found = 1;
        fclose(f);
    }
    printf("child listed in children: %s\n", found ? "yes" : "no");
    (void)write(pipefd[1], "x", 1);
    waitpid(child, NULL, 0);
    return 0;
}
