// syscalls: openat newfstatat statx fstatfs getdents64 fchdir ftruncate lseek linkat symlinkat vfork execve wait4
// expect: same
/* du as uid 1000, apparent sizes only (block counts are the file system's): a sparse file made
 * by truncate and one with a byte written past a hole (apparent size, never blocks), hard links
 * counted once per invocation (and each time with -l), across two arguments, symlinks counted as
 * their text length and followed with -L, --inodes counts, -c totals over files, -a listings
 * filtered to non-directories (a directory's own size is the file system's), --max-depth and
 * --exclude, and du of a missing name and an unreadable directory (messages). */
#include "tool_util.h"

/* du -ab with directories left out, sorted by name */
#define FILES_ONLY(args) "du -ab " args " | while read -r s p; do [ -d \"$p\" ] || echo \"$s $p\"; done | sort -k2"

int main(void) {
    enter("du");
    sh("build",
       "set -e; mkdir -p t/sub/deeper t/links t/locked\n"
       "truncate -s 10000000 t/sparse\n"
       "printf x | dd of=t/holey bs=1 seek=123456 status=none\n"
       "seq 1 1000 > t/sub/seq; printf '12345' > t/sub/deeper/five\n"
       "ln t/sub/seq t/links/seq-hard; ln t/sub/seq t/seq-hard2\n"
       "ln -s sub/seq t/sym; ln -s ../sparse t/links/to-sparse\n"
       ": > t/empty; printf abc > t/locked/x; chmod 000 t/locked\n");
    /* which of the three names du meets first is the directory order's: the names are merged */
    sh("-ab (files only): hard links once",
       FILES_ONLY("t 2>&1") " | sed 's#t/sub/seq$#SEQ#; s#t/links/seq-hard$#SEQ#; s#t/seq-hard2$#SEQ#'");
    sh("-ab -l (files only): hard links each time", FILES_ONLY("-l t 2>&1"));
    sh("-b -c on files: total counts the hard link once",
       "du -b -c t/sub/seq t/links/seq-hard t/sparse t/holey t/empty");
    sh("-b -c -l on files", "du -b -c -l t/sub/seq t/links/seq-hard t/seq-hard2");
    sh("two arguments naming one inode", "du -b t/links/seq-hard t/seq-hard2; du -b t/seq-hard2 t/links/seq-hard");
    sh("--apparent-size -B1 of the sparse files", "du --apparent-size -B1 t/sparse t/holey");
    sh("-L follows the symlinks", "du -bL t/sym t/links/to-sparse");
    sh("symlinks themselves", "du -b t/sym t/links/to-sparse");
    sh("--apparent-size -h / -k on a sparse file", "du --apparent-size -h t/sparse; du --apparent-size -k t/sparse");
    sh("--inodes", "du --inodes -s t/sub t/links 2>&1; du --inodes -a t/sub | sort -k2");
    sh("--max-depth=1 names", "du -b --max-depth=1 t 2>/dev/null | cut -f2 | sort");
    sh("--exclude", FILES_ONLY("--exclude='*seq*' t 2>/dev/null"));
    sh("unreadable directory", "du -b t/locked > /dev/null; echo status $?");
    sh("missing name", "du -b t/no-such; echo status $?");
    sh("stat apparent sizes", "stat -c '%s %h %F %n' t/sparse t/holey t/sub/seq t/sym t/empty");
    sh("sparse file reads as zeros", "cmp -n 123456 t/holey /dev/zero && echo zeros; tail -c 1 t/holey; echo");
    leave();
    return 0;
}
