// syscalls: unlinkat rmdir openat newfstatat statx getdents64 fchdir mkdir fchmodat vfork execve wait4
// expect: same
/* rm as uid 1000: rm -rf of a tree 500 directories deep (a path of 1000 bytes, under a page),
 * rm -r without -f and find -delete of trees 100 deep, rm -rf of trees with read-only directories
 * (chmod u-w: their entries stay, each failure reported; sorted), a mode-000 directory (cannot
 * open), rm -r of a write-protected file with stdin not a tty (no prompt), rm of a directory
 * without -r (EISDIR message), rm -d of empty and non-empty directories, rm -r of "." and "..",
 * rmdir -p, rmdir of a non-empty directory, and rm -f of missing names (silent, status 0). */
#include "tool_util.h"

int main(void) {
    enter("rm");
    sh("build 500 levels", "p=d; i=1; while [ $i -lt 500 ]; do p=$p/d; i=$((i+1)); done; "
       "mkdir -p $p && echo leaf > $p/leaf && printf '%s' $p/leaf | wc -c && cat $p/leaf");
    sh("rm -rf of the deep tree", "rm -rf d; echo status $?; [ -e d ] || echo gone");
    sh("rm -r (no -f) of a tree 100 deep", "p=e; i=1; while [ $i -lt 100 ]; do p=$p/e; i=$((i+1)); done; "
       "mkdir -p $p && rm -r e; echo status $?; [ -e e ] || echo gone");
    sh("find -delete of a tree 100 deep", "p=g; i=1; while [ $i -lt 100 ]; do p=$p/g; i=$((i+1)); done; "
       "mkdir -p $p && : > $p/f && find g -delete; echo status $?; [ -e g ] || echo gone");
    sh("a tree with read-only directories",
       "set -e; mkdir -p ro/a/b ro/c ro/w; for f in ro/a/1 ro/a/2 ro/a/b/3 ro/c/4 ro/w/5 ro/top; do echo x > $f; done; "
       "chmod u-w ro/a ro/c; ls -R ro | wc -l");
    sh("rm -rf with read-only directories (errors sorted)",
       "{ rm -rf ro; echo status $?; } 2>&1 | sort; find ro | sort");
    sh("rm -r with read-only directories (no tty: no prompt)",
       "{ rm -r ro; echo status $?; } 2>&1 | sort; find ro | sort");
    sh("after chmod u+w it goes", "chmod -R u+w ro && rm -r ro && [ ! -e ro ] && echo gone");
    sh("mode 000 directory, empty and not",
       "mkdir -p z0 z1 && : > z1/f && chmod 000 z0 z1 && rm -rf z0; echo status $?; rm -rf z1; echo status $?; "
       "ls -d z0 z1 2>&1; chmod 700 z1; rm -r z1 && echo z1 gone");
    sh("write-protected file, stdin /dev/null",
       "echo x > wp && chmod 444 wp && rm wp; echo status $?; [ -e wp ] || echo gone");
    sh("directory without -r", "mkdir dd && rm dd; echo status $?");
    sh("rm -d", "rm -d dd; echo status $?; mkdir -p ne/x && rm -d ne; echo status $?");
    sh("rm -r . and ..", "cd ne && rm -rf . ; echo status $?; rm -rf ..; echo status $?; cd .. && ls ne");
    sh("rmdir of a non-empty directory and -p", "rmdir ne; echo status $?; rmdir -p ne/x && echo removed both; "
       "mkdir -p r1/r2/r3 && rmdir -p r1/r2/r3 && [ ! -e r1 ] && echo rmdir -p ok");
    sh("rmdir -p stops at a non-empty parent", "mkdir -p s1/s2 && : > s1/f && rmdir -p s1/s2; echo status $?; ls s1");
    sh("rm -f of missing names", "rm -f no-such also/missing; echo status $?; rm no-such; echo status $?");
    sh("rm -v", "mkdir -p v/w && : > v/w/f && rm -rv v | sort");
    sh("what is left", "find . -printf '%y %P\\n' | sort");
    leave();
    return 0;
}
