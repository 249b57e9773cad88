// syscalls: openat read write newfstatat unlink unlinkat chmod readlink mmap faccessat2 getcwd pipe2 vfork clone execve wait4
// expect: same
/* gcc in the scratch dir (uid 1000): compile and run a tiny program (its output: arguments,
 * a file it writes and reads back, its exit status), separate compilation with -c and a static
 * library made by ar, -MMD dependency files (relative names), -E -P preprocessed output's md5,
 * -save-temps (the .i/.s/.o left in the cwd), -pipe, a compile error (message with file:line),
 * a link error (undefined reference), -o into a read-only directory, and the md5 of the
 * linked executable built twice (no -g: deterministic). */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char dir[64];

/* Runs SCRIPT with /bin/sh -c in the scratch directory under a fixed environment ($D is the
 * scratch directory, also $HOME), stdin /dev/null and stderr into stdout; prints its status. */
static void sh(const char *label, const char *script) {
    char d[96], home[96];
    snprintf(d, sizeof d, "D=%s", dir);
    snprintf(home, sizeof home, "HOME=%s", dir);
    char *envp[] = { "PATH=/usr/bin:/bin", "LANG=C", "LC_ALL=C", "TZ=UTC", d, home, NULL };
    char *argv[] = { "sh", "-c", (char *)script, NULL };
    printf("== %s\n", label);
    fflush(stdout);
    pid_t pid = fork();
    MUST(pid);
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        if (in < 0 || dup2(in, 0) < 0 || dup2(1, 2) < 0) _exit(126);
        execve("/bin/sh", argv, envp);
        _exit(127);
    }
    int st;
    MUST(waitpid(pid, &st, 0));
    if (WIFEXITED(st)) printf("-- exit %d\n", WEXITSTATUS(st));
    else printf("-- signal %d\n", WTERMSIG(st));
}

/* Natively the case runs as root: become uid/gid 1000 like the guest; then a fresh scratch
 * directory under /tmp becomes the cwd. */
static void enter(const char *tag) {
    if (getuid() == 0) {
        MUST(setgroups(0, NULL));
        MUST(setgid(1000));
        MUST(setuid(1000));
    }
    umask(022);
    snprintf(dir, sizeof dir, "/tmp/tool4-%s-XXXXXX", tag);
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); exit(99); }
    MUST(chdir(dir));
}

static void leave(void) {
    struct stat st;
    MUST(chdir("/"));
    sh("cleanup", "chmod -R u+rwx \"$D\"; rm -rf \"$D\"");
    FACT("cleaned up", stat(dir, &st) != 0);
}

static const char *sources =
    "set -e\n"
    "cat > main.c <<'X'\n"
    "#include <stdio.h>\n"
    "#include \"util.h\"\n"
    "int main(int argc, char **argv) {\n"
    "    for (int i = 1; i < argc; i++) printf(\"arg %d: %s\\n\", i, argv[i]);\n"
    "    FILE *f = fopen(\"out.txt\", \"w\"); fprintf(f, \"square %d\\n\", square(argc + 5)); fclose(f);\n"
    "    char line[64]; f = fopen(\"out.txt\", \"r\"); fgets(line, sizeof line, f); fclose(f);\n"
    "    fputs(line, stdout);\n"
    "    return argc;\n"
    "}\n"
    "X\n"
    "printf 'int square(int);\\n#define TWICE(x) ((x) * 2)\\n' > util.h\n"
    "printf '#include \"util.h\"\\nint square(int x) { return x * x; }\\n' > util.c\n"
    "printf 'int main(void) { return missing_function(); }\\n' > undefined.c\n"
    "printf 'int main(void) {\\n  return 1 +;\\n}\\n' > broken.c\n";

int main(void) {
    enter("gcc");
    sh("sources", sources);
    sh("compile and run", "gcc -O2 -o prog main.c util.c && ./prog one 'two words'; echo status $?; cat out.txt");
    sh("separate compilation and a static library",
       "gcc -c -MMD util.c main.c && ar rcs libutil.a util.o && gcc -o prog2 main.o -L. -lutil && ./prog2 x; "
       "echo status $?; cat main.d util.d; ar t libutil.a");
    sh("-E -P", "gcc -E -P util.c | md5sum; printf 'TWICE(21)\\n' | gcc -E -P -include util.h - | tail -1");
    sh("-save-temps", "mkdir st && cd st && gcc -save-temps -o p ../util.c ../main.c && ls | sort && ./p; echo status $?");
    sh("-pipe", "gcc -pipe -o prog3 main.c util.c && ./prog3 a b c; echo status $?");
    sh("a compile error", "gcc -c broken.c; echo status $?");
    sh("a link error", "gcc -o u undefined.c 2>&1 | grep -o 'undefined reference to .missing_function.' | head -1; "
       "[ -e u ] || echo no output");
    sh("output into a read-only directory", "mkdir ro && chmod 555 ro && gcc -o ro/p main.c util.c; echo status $?");
    sh("the same executable twice", "gcc -O2 -o again main.c util.c && cmp prog again && echo identical && md5sum < again");
    sh("gcc from a subdirectory with a relative include path",
       "mkdir -p sub && cd sub && gcc -I.. -o p ../main.c ../util.c && ./p; [ -e out.txt ] && echo wrote here");
    leave();
    return 0;
}
