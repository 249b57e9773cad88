// syscalls: openat newfstatat getdents64 fchdir unlinkat readlinkat faccessat2 utimensat mknodat symlinkat linkat fcntl vfork execve wait4
// expect: same
/* find(1) as uid 1000 over a tree with fixed mtimes: -newer (file and directory references,
 * -newermt), -empty (files and directories), -type (f d l p, -xtype for dangling links),
 * -maxdepth/-mindepth, -perm (exact, -, /), -links, -size (bytes, rounding), -name/-iname/-path
 * and -prune, -regex, -readable/-writable/-executable (access(2) as the user), -L with a link
 * loop (the error message), an unreadable directory (EACCES message), -exec {} + and -exec
 * {} \;, -print0 | xargs -0, -delete (of the empty directories and of *.tmp files, depth-first),
 * -depth order checked against sort. All listings are sorted. */
#include "tool_util.h"

#define F(label, args) sh(label, "find t " args " | sort")

int main(void) {
    enter("find");
    sh("build",
       "set -e; mkdir -p t/a/b/c t/e1 t/e2/inner t/x t/locked t/Upper\n"
       "printf 'abc' > t/a/three; printf '' > t/a/zero; head -c 1025 /dev/zero > t/a/b/k1025\n"
       "printf 'x' > t/a/b/c/deep.tmp; printf 'y' > t/x/one.tmp; printf 'z' > t/x/keep.txt\n"
       "printf '#!/bin/sh\\n' > t/x/run; chmod 750 t/x/run; chmod 604 t/x/keep.txt\n"
       "ln t/a/three t/x/three-hard; ln -s ../a t/x/to-a; ln -s nowhere t/x/dangling\n"
       "ln -s loop2 t/x/loop1; ln -s loop1 t/x/loop2; ln -s .. t/a/b/c/up\n"
       "mkfifo t/x/fifo; printf 'U' > t/Upper/README.TXT; printf s > t/locked/secret\n"
       "find t -exec touch -h -d '2005-05-05 05:05:05' {} +\n"
       "touch -d '2006-06-06 06:06:06' t/ref t/a/b/k1025 t/x/keep.txt\n"
       "touch -d '2007-07-07' t/a/three\n"
       "chmod 000 t/locked\n");
    F("-type f", "-type f");
    F("-type d", "-type d");
    F("-type l / -xtype l (dangling and loops)", "-type l -printf '%p %Y\\n'");
    F("-type p", "-type p");
    F("-newer ref", "-newer t/ref");
    F("! -newer ref -type f", "! -newer t/ref -type f");
    F("-newermt", "-newermt '2006-01-01' ! -newermt '2007-01-01'");
    F("-empty", "-empty");
    F("-maxdepth 1", "-maxdepth 1");
    F("-mindepth 3", "-mindepth 3");
    F("-perm -u+x,g+x -type f", "-type f -perm -u+x,g+x");
    F("-perm 604", "-perm 604");
    F("-perm /o+w -type l", "-perm /o+w");
    F("-links 2 -type f", "-type f -links 2");
    F("-size", "-type f -size -2c -printf '%p %s\\n'");
    F("-size +1k (1025 bytes rounds up to 2 k)", "-type f -size +1k");
    F("-size 2k", "-type f -size 2k");
    F("-name / -iname", "-name '*.tmp' -o -iname readme.txt");
    F("-path and -prune", "-path t/a -prune -o -type f -print");
    F("-regex", "-regextype posix-extended -regex '.*/[a-z]+\\.(tmp|txt)'");
    F("-readable / -writable / -executable files", "-type f \\( -readable -printf 'r %p\\n' \\) , \\( -writable -printf 'w %p\\n' \\) , \\( -executable -printf 'x %p\\n' \\)");
    sh("-L: links followed", "find -L t -name 'to-a' -printf '%p %y\\n' -o -name 'loop*' -printf '%p %y\\n' 2>/dev/null | sort");
    sh("find -L t (errors, sorted)", "find -L t 2>&1 > /dev/null | sort; echo status $?");
    sh("unreadable directory", "find t/locked; echo status $?");
    sh("-exec +", "find t/x -type f -exec echo {} + | tr ' ' '\\n' | sort");
    sh("-exec \\;", "find t/a -type f -exec wc -c {} \\; | sort -k2");
    sh("-print0 | xargs -0", "find t -name '*.tmp' -print0 | xargs -0 -n1 basename | sort");
    sh("-depth: children before parents", "find t/a -depth | awk '{ l[NR] = $0 } END { bad = 0; "
       "for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (index(l[j], l[i] \"/\") == 1) bad++; "
       "print NR, \"names,\", bad, \"after their directory\" }'");
    sh("-delete *.tmp", "find t -name '*.tmp' -delete; echo status $?; find t -name '*.tmp'");
    sh("-delete empty directories", "find t -mindepth 1 -type d -empty -delete; echo status $?; find t -type d | sort");
    sh("-delete on the locked directory", "chmod 500 t/locked; find t/locked -delete; echo status $?; chmod 700 t/locked");
    sh("find -newer missing", "find t -newer t/no-such; echo status $?");
    sh("-printf %y %m %n %P %l", "find t -printf '%y %m %n %P %l\\n' | sort");
    leave();
    return 0;
}
