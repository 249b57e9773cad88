// syscalls: renameat2 renameat newfstatat statx openat getdents64 unlinkat rmdir mkdir linkat symlinkat readlinkat utimensat vfork execve wait4
// expect: same
/* mv as uid 1000: a file and a directory across directories (inode, link count and mtime kept:
 * the source's stat line without the name must equal the destination's), rename over an existing
 * file (the old one's other hard link survives), a directory over an empty directory and over a
 * non-empty one (ENOTEMPTY), a file over a directory and back (EISDIR/ENOTDIR messages), a
 * directory into itself, mv -n, mv -b (backup ~), mv -T, mv -t, a symlink moved (its target
 * text unchanged, now dangling), a name onto a hard link of itself, out of a read-only and a
 * sticky directory, and `mv a b` where a does not exist. */
#include "tool_util.h"

int main(void) {
    enter("mv");
    sh("build",
       "set -e; mkdir -p a/deep/er b c/full empty1 empty2 ro sticky\n"
       "printf 'file\\n' > a/f; printf 'other\\n' > b/f; ln b/f b/f-hard\n"
       "printf 'in deep\\n' > a/deep/er/leaf; : > c/full/x\n"
       "ln -s ../a/f a/rel; printf 'ro\\n' > ro/x; chmod 555 ro\n"
       "printf 's\\n' > sticky/mine; chmod 1777 sticky\n"
       "touch -d '2003-04-05 06:07:08.25' a/f a/deep/er/leaf\n"
       "touch -d '2004-01-01' a/deep/er a/deep\n");
    sh("a file across directories keeps inode, links, mode, mtime",
       "s=$(stat -c '%i %h %a %s %y' a/f); mv a/f c/moved && [ \"$s\" = \"$(stat -c '%i %h %a %s %y' c/moved)\" ] "
       "&& echo kept; [ -e a/f ] || echo source gone; stat -c '%y' c/moved");
    sh("a directory across directories",
       "s=$(stat -c '%i %h %a %y' a/deep); mv a/deep b/ && [ \"$s\" = \"$(stat -c '%i %h %a %y' b/deep)\" ] && echo kept; "
       "find b -printf '%y %P\\n' | sort; cat b/deep/er/leaf");
    sh("the moved symlink keeps its text and now dangles",
       "mv a/rel c/ && readlink c/rel && { cat c/rel || echo dangling; }");
    sh("rename over an existing file: the replaced file's hard link survives",
       "echo new > n && mv n b/f && cat b/f && cat b/f-hard && stat -c '%h' b/f b/f-hard");
    sh("directory over an empty directory", "mv -T empty1 empty2 && { [ -d empty1 ] || echo empty1 gone; } && ls -a empty2");
    sh("directory over a non-empty directory", "mkdir d1 && mv -T d1 c; echo status $?; rmdir d1");
    sh("directory into a directory holding the same name, non-empty",
       "mkdir -p t/full && mv t/full c/; echo status $?");
    sh("file over a directory", "echo f > plain && mkdir -p dd/plain && mv plain dd/; echo status $?");
    sh("directory over a file", "mkdir -p ee/dirname && : > ff && mv -T ee/dirname ff; echo status $?");
    sh("directory into itself", "mv b b/deep/; echo status $?; mv b b; echo status $?");
    sh("-n keeps the destination", "echo 1 > n1 && echo 2 > n2 && mv -n n1 n2; echo status $?; cat n2; ls n1");
    sh("-b makes a backup", "echo 3 > n1 && mv -b n1 n2 && cat n2 n2~");
    sh("--backup=numbered twice", "echo 4 > m && echo 5 > n2 && mv --backup=numbered m n2 && "
       "echo 6 > m && mv --backup=numbered m n2 && ls n2* | sort && cat n2.~1~ n2.~2~");
    sh("-t into a directory", "echo t1 > t1 && echo t2 > t2 && mv -t c t1 t2 && ls c | sort");
    sh("a name onto a hard link of itself", "ln b/f-hard b/f-hard2 && mv b/f-hard b/f-hard2; echo status $?; ls b | sort; stat -c '%h %n' b/f-hard*");
    sh("out of a read-only directory", "mv ro/x .; echo status $?; ls ro");
    sh("within a sticky directory (own file)", "mv sticky/mine sticky/renamed && ls sticky");
    sh("missing source", "mv no-such c/; echo status $?");
    sh("mv -v of several files", "echo a > v1; echo b > v2; mkdir vd; mv -v v1 v2 vd");
    sh("final tree", "find . -printf '%y %m %n %P -> %l\\n' | sort");
    leave();
    return 0;
}
