/* LD_PRELOAD shim for test_secrets.sh: free() that frees nothing. Every
 * copy of the password the program ever made, and did not wipe, then stays
 * in memory for memscan.py to count, instead of being overwritten by chance
 * when the allocator reuses the block. */
#include <stddef.h>

void free(void *p);

void free(void *p)
{
	(void)p;
}
