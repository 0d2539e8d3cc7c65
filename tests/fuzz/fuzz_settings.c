/* The settings loader (settings_load) on any file content, and the round
 * trip: whatever loads must save and load back to the same settings, since
 * the wizard rewrites the file it read. The file lives in a memfd (no disk
 * I/O per input); saves go to a private directory under /dev/shm when it
 * exists. */
#include <config.h>

#include <stdbool.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "config/settings.h"

static int memfd = -1;
static char in_path[64];
static char out_path[4096];

static void setup(void)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	char dir[256];

	memfd = memfd_create("smtpwiz-fuzz", MFD_CLOEXEC);
	FUZZ_ASSERT(memfd >= 0);
	snprintf(in_path, sizeof(in_path), "/proc/self/fd/%d", memfd);
	snprintf(dir, sizeof(dir), "%s/smtpwiz-fuzz.XXXXXX", base);
	FUZZ_ASSERT(mkdtemp(dir) != NULL);
	snprintf(out_path, sizeof(out_path), "%s/out.conf", dir);
}

static bool same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Unset and "auto" mean the same mechanism choice. */
static bool same_mech(const char *a, const char *b)
{
	return same(a != NULL && *a != '\0' ? a : "auto",
		    b != NULL && *b != '\0' ? b : "auto");
}

static void round_trip(const struct settings *a)
{
	struct sw_error err = {{0}};
	struct settings b;

	settings_init(&b);
	/* Saving may refuse (a control character is a load error too, so
	 * that should not happen); if it saved, it must load back. */
	if (settings_save(a, out_path, &err) == 0) {
		FUZZ_ASSERT(settings_load(&b, out_path, &err) ==
			    SETTINGS_LOADED);
		FUZZ_ASSERT(same(a->host, b.host) && a->port == b.port);
		FUZZ_ASSERT(a->tls == b.tls && a->tls_verify == b.tls_verify);
		FUZZ_ASSERT(same(a->ca_file, b.ca_file));
		FUZZ_ASSERT(same(a->username, b.username));
		FUZZ_ASSERT(same(a->password, b.password));
		FUZZ_ASSERT(same(a->from, b.from));
		FUZZ_ASSERT(same(a->test_recipient, b.test_recipient));
		FUZZ_ASSERT(a->timeout == b.timeout);
		FUZZ_ASSERT(same(a->helo_name, b.helo_name));
		FUZZ_ASSERT(same_mech(a->auth_mechanism, b.auth_mechanism));
	} else {
		fprintf(stderr, "save refused: %s\n", err.msg);
		abort();
	}
	settings_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_error err = {{0}};
	struct settings s;

	if (memfd < 0)
		setup();
	FUZZ_ASSERT(ftruncate(memfd, 0) == 0);
	FUZZ_ASSERT(pwrite(memfd, data, size, 0) == (ssize_t)size);
	settings_init(&s);
	switch (settings_load(&s, in_path, &err)) {
	case SETTINGS_LOADED:
		round_trip(&s);
		break;
	case SETTINGS_INVALID:
		FUZZ_ASSERT(err.msg[0] != '\0');
		break;
	case SETTINGS_MISSING:
		abort(); /* the memfd is always there */
	}
	settings_free(&s);
	return 0;
}
