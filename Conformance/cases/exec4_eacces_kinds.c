// syscalls: execve openat wait4 clone mkdir chmod symlink
// expect: same
/* execve errors by kind of target, as uid 1000: a file without the execute bit (EACCES), a
 * directory (EACCES), a shebang to a missing interpreter (ENOENT), to a non-executable one and
 * to a directory, an execute-only script, a dir without search permission, symlink loops and
 * links to each kind, trailing slashes, empty and bad paths, devices and /proc files, NULL argv. */
#include "exec_util.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

int main(void) {
    setup("kinds");
    char *envp[] = { A("PATH=/usr/bin:/bin"), NULL };
    put("noexec", "#!/bin/sh\nexit 0\n", 0644);
    put("script", "#!/bin/sh\necho \"script: $0 $#\"; exit 3\n", 0755);
    put("missing-interp", "#!/no/such/interp\n", 0755);
    put("missing-interp-arg", "#!/no/such/interp -x\n", 0755);
    put("interp-noexec", "#!./noexec\n", 0755);
    put("interp-dir", "#!/tmp\n", 0755);
    put("exec-only", "#!/bin/sh\nexit 4\n", 0711);
    MUST(mkdir("dir", 0755));
    MUST(mkdir("locked", 0755));
    put("locked/inside", "#!/bin/sh\nexit 5\n", 0755);
    MUST(chmod("locked", 0600));
    MUST(symlink("loop2", "loop1"));
    MUST(symlink("loop1", "loop2"));
    MUST(symlink("noexec", "link-noexec"));
    MUST(symlink("dir", "link-dir"));
    MUST(symlink("script", "link-script"));
    char *argv[] = { A("x"), NULL };
    try_execve("mode 0644 file", "./noexec", argv, envp);
    try_execve("directory", "./dir", argv, envp);
    try_execve("directory with slash", "./dir/", argv, envp);
    try_execve("shebang to missing interpreter", "./missing-interp", argv, envp);
    try_execve("shebang with arg to missing interpreter", "./missing-interp-arg", argv, envp);
    try_execve("shebang to non-executable interpreter", "./interp-noexec", argv, envp);
    try_execve("shebang to a directory", "./interp-dir", argv, envp);
    try_execve("script mode 0711 (unreadable to others only)", "./exec-only", argv, envp);
    try_execve("in a dir without search permission", "./locked/inside", argv, envp);
    try_execve("symlink loop", "./loop1", argv, envp);
    try_execve("symlink to non-executable", "./link-noexec", argv, envp);
    try_execve("symlink to directory", "./link-dir", argv, envp);
    try_execve("symlink to script", "./link-script", argv, envp);
    try_execve("script with trailing slash", "./script/", argv, envp);
    try_execve("missing file", "./nothing", argv, envp);
    try_execve("missing parent", "./nodir/nothing", argv, envp);
    try_execve("empty path", "", argv, envp);
    try_execve("file as a directory component", "./script/x", argv, envp);
    try_execve("/dev/null", "/dev/null", argv, envp);
    try_execve("/proc/self/status", "/proc/self/status", argv, envp);
    try_execve("/etc/passwd", "/etc/passwd", argv, envp);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        errno = 0;
        execve("./script", NULL, envp);
        printf("NULL argv: %s\n", errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish("NULL argv", pid);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        execve("./script", (char *const *)8, envp);
        printf("bad argv pointer: %s\n", errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish("bad argv pointer", pid);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        execve((const char *)8, argv, envp);
        printf("bad path pointer: %s\n", errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish("bad path pointer", pid);
    MUST(chmod("locked", 0755));
    cleanup();
    return 0;
}
