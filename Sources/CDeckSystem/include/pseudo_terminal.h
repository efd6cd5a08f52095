#ifndef DAEMONDECK_PSEUDO_TERMINAL_H
#define DAEMONDECK_PSEUDO_TERMINAL_H

#include <stddef.h>

/// Opens a new pseudo-terminal of `columns` x `rows` for a child to draw on (the bench runs the real
/// dashboard this way). Returns the controller's descriptor (close-on-exec) and writes the path of the
/// terminal the child opens into `name`, or returns -1.
int deck_pty_open(unsigned short columns, unsigned short rows, char *name, size_t size);

/// glibc's POSIX_SPAWN_SETSID: the child starts a session of its own, so the terminal it opens first
/// becomes its controlling terminal (as a shell's child's is).
short deck_spawn_setsid_flag(void);

/// pipe2(fds, O_CLOEXEC): both ends close on exec from the start, so a child spawned by another thread
/// at the same moment inherits neither. Returns 0, or -1 with errno set.
int deck_pipe_cloexec(int fds[2]);

#endif
