#ifndef DAEMONDECK_THREAD_IDENTITY_H
#define DAEMONDECK_THREAD_IDENTITY_H

/// Names the calling thread at the OS level (what ps -L, top -H and htop show), truncated to the 15
/// bytes Linux keeps. Returns 0 on success.
int deck_name_this_thread(const char *name);

/// The kernel's id of the calling thread (ps -L's LWP column).
int deck_this_thread_id(void);

#endif
