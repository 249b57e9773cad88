// syscalls: execve openat wait4 clone
// expect: same
/* ENOEXEC: a file that is neither ELF nor a script (plain shell text, empty, binary garbage, an
 * ELF magic with a junk or short header, "#" lines that are not "#!"): execve fails with ENOEXEC,
 * execvp/execlp fall back to /bin/sh (which runs text, and refuses binary), posix_spawn and
 * posix_spawnp (glibc) do not fall back. Runs as uid 1000. */
#include "exec_util.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <spawn.h>

static void vp(const char *label, const char *file, int use_execlp) {
    fflush(stdout);
    pid_t pid = fork();
    MUST(pid);
    if (pid == 0) {
        setenv("PATH", ".", 1);
        if (use_execlp) execlp(file, file, "arg1", (char *)NULL);
        else { char *argv[] = { (char *)file, A("arg1"), NULL }; execvp(file, argv); }
        printf("%s: %s\n", label, errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish(label, pid);
}

int main(void) {
    setup("enoexec");
    char *envp[] = { A("PATH=/usr/bin:/bin"), NULL };
    put("plain", "echo \"plain ran: $0 $*\"; exit 4\n", 0755);
    put("empty", "", 0755);
    put("binary", "\x01\x02\x03\x04garbage\n", 0755);
    put("elf-junk", "\x7f" "ELF\x02\x01\x01\x00junkjunkjunkjunkjunkjunkjunkjunkjunkjunkjunkjunkjunkjunkjunkjunk", 0755);
    put("elf-short", "\x7f" "ELF", 0755);
    put("hash-only", "#\n echo hash-only ran; exit 5\n", 0755);
    put("bang-space", "# !/bin/sh\necho bang-space ran; exit 6\n", 0755);
    char *argv[] = { A("plain"), A("arg1"), NULL };
    const char *files[] = { "plain", "empty", "binary", "elf-junk", "elf-short", "hash-only", "bang-space" };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[64], label[96];
        snprintf(path, sizeof path, "./%s", files[i]);
        snprintf(label, sizeof label, "execve %s", files[i]);
        try_execve(label, path, argv, envp);
        snprintf(label, sizeof label, "execvp %s", files[i]);
        vp(label, files[i], 0);
        snprintf(label, sizeof label, "execlp %s", files[i]);
        vp(label, files[i], 1);
    }
    pid_t pid;
    char *sargv[] = { A("plain"), A("spawned"), NULL };
    fflush(stdout);
    int e = posix_spawn(&pid, "./plain", NULL, NULL, sargv, envp);
    printf("posix_spawn plain: %s\n", errname(e));
    if (e == 0) finish("posix_spawn plain", pid);
    setenv("PATH", ".", 1);
    fflush(stdout);
    e = posix_spawnp(&pid, "plain", NULL, NULL, sargv, envp);
    printf("posix_spawnp plain: %s\n", errname(e));
    if (e == 0) finish("posix_spawnp plain", pid);
    fflush(stdout);
    e = posix_spawnp(&pid, "elf-junk", NULL, NULL, sargv, envp);
    printf("posix_spawnp elf-junk: %s\n", errname(e));
    if (e == 0) finish("posix_spawnp elf-junk", pid);
    cleanup();
    return 0;
}
