// syscalls: execve openat wait4 clone mkdir chmod
// expect: same
/* execvp's PATH search (glibc): the first executable match wins, a directory and a file without
 * the execute bit are skipped, EACCES when only non-executable matches exist, ENOENT when none,
 * an empty PATH element is the cwd, a name with a slash is not searched, a too-long name, an
 * unset PATH (default /bin:/usr/bin), execlp and posix_spawnp. Runs as uid 1000 in a scratch dir. */
#include "exec_util.h"
#include <fcntl.h>
#include <grp.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

static void vp(const char *label, const char *path, const char *file) {
    fflush(stdout);
    pid_t pid = fork();
    MUST(pid);
    if (pid == 0) {
        if (path) setenv("PATH", path, 1); else unsetenv("PATH");
        char *argv[] = { (char *)file, NULL };
        execvp(file, argv);
        printf("%s: %s\n", label, errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish(label, pid);
}

int main(void) {
    become_guest_ids();
    umask(022);
    snprintf(scratch, sizeof scratch, "/tmp/exec4-vp-XXXXXX");
    if (!mkdtemp(scratch)) { printf("mkdtemp: %s\n", errname(errno)); return 99; }
    MUST(chdir(scratch));
    const char *dirs[] = { "d1", "d2", "d3", "d4", "d5", "d6" };
    for (int i = 0; i < 6; i++) MUST(mkdir(dirs[i], 0755));
    MUST(mkdir("d1/prog", 0755));                                   /* a directory */
    put("d2/prog", "#!/bin/sh\necho d2; exit 2\n", 0644);           /* not executable */
    put("d3/prog", "#!/bin/sh\necho d3; exit 3\n", 0755);           /* the first real one */
    put("d4/prog", "#!/bin/sh\necho d4; exit 4\n", 0755);
    put("d5/only", "#!/bin/sh\nexit 5\n", 0644);
    MUST(mkdir("d6/onlydir", 0755));
    put("here", "#!/bin/sh\necho here; exit 6\n", 0755);
    put("d4/later", "#!/bin/sh\necho d4-later; exit 7\n", 0755);
    MUST(symlink("../d4/prog", "d5/link"));
    MUST(symlink("nowhere", "d5/dangling"));
    put("d5/noexec-target", "#!/bin/sh\nexit 8\n", 0644);
    MUST(symlink("noexec-target", "d5/link-noexec"));
    char p[512];
#define P(rel) (snprintf(p, sizeof p, rel), p)
    vp("dir, no-x, x, x: first executable", P("d1:d2:d3:d4"), "prog");
    vp("only a non-executable match", P("d1:d5"), "only");
    vp("only a directory match", P("d6"), "onlydir");
    vp("directory then non-executable", P("d6:d5"), "only");
    vp("no match", P("d1:d2"), "absent");
    vp("later dir", P("d3:d4"), "later");
    vp("empty element is cwd", P("d1::d4"), "here");
    vp("trailing colon is cwd", P("d1:"), "here");
    vp("relative element", P("./d4"), "prog");
    vp("symlink to executable", P("d5"), "link");
    vp("dangling symlink", P("d5"), "dangling");
    vp("symlink to non-executable", P("d5"), "link-noexec");
    vp("name with slash not searched", P("d3"), "d4/prog");
    vp("name with slash, missing", P("d3"), "d4/nothing");
    vp("empty name", P("d3"), "");
    vp("unset PATH finds sh", NULL, "true");
    vp("missing element dir", P("/no/such:d4"), "prog");
    vp("element is a file", P("here:d4"), "prog");
    char longname[300];
    memset(longname, 'n', 299);
    longname[299] = 0;
    vp("name longer than NAME_MAX", P("d4"), longname);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        setenv("PATH", "d2:d4", 1);
        execlp("prog", "prog", (char *)NULL);
        printf("execlp: %s\n", errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish("execlp", pid);
    setenv("PATH", "d1:d2", 1);
    char *av[] = { "prog", NULL };
    int e = posix_spawnp(&pid, "prog", NULL, NULL, av, environ);
    printf("posix_spawnp no executable match: %s\n", errname(e));
    if (e == 0) finish("posix_spawnp", pid);
    setenv("PATH", "d1:d2:d3", 1);
    fflush(stdout);
    e = posix_spawnp(&pid, "prog", NULL, NULL, av, environ);
    printf("posix_spawnp: %s\n", errname(e));
    if (e == 0) finish("posix_spawnp", pid);
    MUST(chdir("/"));
    fflush(stdout);
    pid = fork();
    if (pid == 0) { execl("/bin/rm", "rm", "-rf", scratch, (char *)NULL); _exit(127); }
    waitpid(pid, NULL, 0);
    struct stat st;
    FACT("cleaned up", stat(scratch, &st) != 0);
    return 0;
}
