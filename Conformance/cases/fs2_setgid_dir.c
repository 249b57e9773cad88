// syscalls: mkdir chmod openat mknodat symlink newfstatat unlink rename
// expect: same
/* Setgid and sticky directories, as uid 1000: new files and dirs in a setgid dir take the
 * dir's group, subdirectories inherit the setgid bit, files do not; removing the setgid bit
 * stops that; a sticky dir still lets the owner remove and rename entries; /tmp is sticky. */
#include "fs2_util.h"

static void show(const char *label, const char *p) {
    struct stat st;
    if (lstat(p, &st)) { printf("  %s: %s\n", label, errname(errno)); return; }
    printf("  %s: mode %05o, gid is %s\n", label, st.st_mode & 07777,
           st.st_gid == getgid() ? "own gid" : "another gid");
}

int main(void) {
    struct stat st;
    MUST(stat("/tmp", &st));
    printf("/tmp mode: %05o\n", st.st_mode & 07777);
    enter_scratch("fs2-sgid");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        drop_to_user();
        umask(022);
        MUST(mkdir("g", 0755));
        REPORT("chmod g 02775", chmod("g", 02775));
        show("g", "g");
        put("g/file", "x");
        show("file in g", "g/file");
        MUST(mkdir("g/sub", 0755));
        show("dir in g", "g/sub");
        MUST(mkdir("g/sub/deeper", 0700));
        show("dir in g/sub", "g/sub/deeper");
        MUST(mkfifo("g/fifo", 0644));
        show("fifo in g", "g/fifo");
        MUST(symlink("file", "g/link"));
        show("symlink in g", "g/link");
        MUST(close(open("g/exe", O_CREAT | O_WRONLY, 02755)));
        show("file created 02755 in g (own group)", "g/exe");
        REPORT("chmod g/file 02644", chmod("g/file", 02644));
        show("g/file", "g/file");
        REPORT("mkdir with 02755 outside g", mkdir("plain", 02755));
        show("plain", "plain");
        REPORT("chmod g 0775 (drop setgid)", chmod("g", 0775));
        MUST(mkdir("g/after", 0755));
        show("dir made after dropping", "g/after");
        show("g/sub keeps it", "g/sub");
        MUST(mkdir("s", 0777));
        REPORT("chmod s 01777", chmod("s", 01777));
        show("s", "s");
        put("s/mine", "m");
        REPORT("rename own file in sticky dir", rename("s/mine", "s/mine2"));
        REPORT("unlink own file in sticky dir", unlink("s/mine2"));
        MUST(mkdir("s/d", 0755));
        REPORT("rmdir own dir in sticky dir", rmdir("s/d"));
        REPORT("chmod s 03777", chmod("s", 03777));
        show("s", "s");
        MUST(mkdir("s/sub", 0700));
        show("dir in sticky+setgid s", "s/sub");
        fflush(stdout);
        _exit(0);
    }
    reap("child", pid);
    leave_scratch();
    return 0;
}
