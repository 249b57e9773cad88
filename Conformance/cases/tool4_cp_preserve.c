// syscalls: openat newfstatat statx getdents64 readlinkat symlinkat linkat mkdirat mknodat utimensat fchmodat fchmod fchownat copy_file_range fallocate ioctl lseek ftruncate fgetxattr flistxattr fsetxattr getxattr llistxattr setxattr removexattr vfork execve wait4
// expect: same
/* cp as uid 1000: cp -a, cp -r --preserve=all, plain cp -r, cp -P / -L / -H on symlinks, hard
 * links kept or not (-a vs -r), sparse files (--sparse=always), a FIFO copied as a FIFO (-a,
 * -r), nanosecond mtimes (touch -d with fractions), copying into a read-only directory (EACCES
 * message), over a read-only file (-f), onto itself, a directory into itself, -u and -n. For each
 * copy the per-entry `stat -c` lines (type, mode, links, size, mtime, target) are compared with
 * the source and only "same"/the differing lines are printed. */
#include "tool_util.h"

static const char *build =
    "set -e\n"
    "mkdir -p src/sub/inner src/ro\n"
    "printf 'one\\n' > src/one; printf 'two\\n' > src/sub/two\n"
    "printf '#!/bin/sh\\n' > src/sub/tool; chmod 4750 src/sub/tool\n"
    "ln src/one src/sub/one-hard\n"
    "ln -s one src/link-one; ln -s sub src/link-sub; ln -s missing src/link-dangling\n"
    "ln -s ../one src/sub/inner/up\n"
    "mkfifo src/pipe\n"
    "truncate -s 300000 src/holes; printf abc | dd of=src/holes bs=1 seek=150000 conv=notrunc status=none\n"
    "printf 'ro\\n' > src/ro/file; chmod 444 src/ro/file\n"
    "find src -exec touch -h -d '2002-03-04 05:06:07.123456789' {} +\n"
    "touch -d '1990-01-01 00:00:00.5' src/sub/two\n"
    "chmod 2755 src/sub; chmod 555 src/ro\n";

/* per-entry facts that a preserving copy keeps (directory sizes are the file system's: left out) */
#define FACTS(d) "(cd " d " && { find . ! -type d -exec stat -c '%n %F %a %h %s %Y.%y %N' {} +; " \
    "find . -type d -exec stat -c '%n %F %a %h %Y.%y' {} +; } | " \
    "sed 's/\\.[0-9-]* [0-9:]*\\.\\([0-9]*\\) +0000/.\\1/' | sort)"

static void same_as_source(const char *label, const char *dst) {
    char s[2048];
    /* FACTS with the copy's name: built by concatenation (the text holds % signs) */
    const char *f = FACTS("@");
    const char *at = strchr(f, '@');
    snprintf(s, sizeof s, "%s > a.txt; %.*s%s%s > b.txt; "
             "if cmp -s a.txt b.txt; then echo same; else diff a.txt b.txt | grep '^[<>]'; fi; rm a.txt b.txt",
             FACTS("src"), (int)(at - f), f, dst, at + 1);
    sh(label, s);
}

int main(void) {
    enter("cp");
    sh("build", build);
    sh("source facts", FACTS("src"));
    sh("cp -a", "cp -a src a-copy && echo copied");
    same_as_source("cp -a vs source", "a-copy");
    sh("cp -r --preserve=all", "cp -r --preserve=all src all-copy && echo copied");
    same_as_source("--preserve=all vs source", "all-copy");
    sh("cp -r --preserve=links,timestamps (modes not preserved)",
       "cp -r --preserve=links,timestamps src lt-copy && echo copied && cd lt-copy && "
       "find . ! -type d -printf '%y %n %P %TY-%Tm-%Td %TT\\n' | sort");
    sh("cp -r (no preserve)", "cp -r src r-copy; echo status $?");
    sh("cp -r: modes, links, types",
       "cd r-copy && find . -printf '%y %m %n %P -> %l\\n' | sort");
    sh("cp -r: mtimes differ from source", "[ src/one -nt r-copy/one ] || [ src/one -ot r-copy/one ] && echo differ");
    sh("a FIFO alone: -a makes a FIFO, --preserve=mode -r too",
       "cp -a src/pipe pipe-a && cp -r --preserve=mode src/pipe pipe-r && stat -c '%n %F %a' pipe-a pipe-r");
    sh("symlink options",
       "cp -P src/link-one P; cp -L src/link-one L; cp -d src/link-dangling dangling-copy; "
       "cp src/link-dangling follow-dangling; echo status $?; "
       "stat -c '%n %F %N' P L dangling-copy 2>&1; [ -e follow-dangling ] || echo follow-dangling absent");
    sh("cp -H on the command line only",
       "cp -rH src/link-sub H-copy && find H-copy -printf '%y %P\\n' | sort");
    sh("sparse copy", "cp --sparse=always src/holes h1 && cmp src/holes h1 && stat -c '%s' h1");
    sh("fractional mtime with -p", "cp -p src/sub/two two-p && stat -c '%y' two-p src/sub/two");
    sh("into a read-only directory", "cp src/one src/ro/; echo status $?");
    sh("over a read-only file", "cp src/one a-copy/ro/file; echo status $?; chmod u+w a-copy/ro; "
       "cp src/one a-copy/ro/file; echo status $?; cp -f src/one a-copy/ro/file; echo status $?; cat a-copy/ro/file");
    sh("onto itself", "cp src/one src/one; echo status $?; cp src/one src/sub/one-hard; echo status $?");
    sh("directory into itself", "cp -r src src/sub/; echo status $?");
    sh("-n and -u", "echo newer > n && touch -d '2030-01-01' n && cp -u src/one n && cat n && "
       "cp -n src/sub/two n && cat n && cp src/sub/two n && cat n");
    sh("cp -a of a tree twice (overwrite in place)", "cp -a src a-copy2 && cp -a src/. a-copy2/ && echo again");
    same_as_source("second cp -a vs source", "a-copy2");
    leave();
    return 0;
}
