/*
 * osd_auth.c — the OSD's authentication settings, keys and mkfs keyring
 * (see osd_auth.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cephconf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/types.h"
#include "mon/monc.h"
#include "msg/auth.h"
#include "msg/auth_cephx.h"
#include "msg/cephx_crypto.h"
#include "msg/msgr.h"
#include "osd/osd_auth.h"

/* Words of a Ceph list option: separated by commas, semicolons or spaces. */
static const char *
next_word(const char *s, char *w, size_t wsz)
{
	size_t n = 0;

	while (*s && strchr(",; \t", *s))
		s++;
	if (!*s)
		return NULL;
	while (*s && !strchr(",; \t", *s)) {
		if (n + 1 < wsz)
			w[n++] = *s;
		s++;
	}
	w[n] = 0;
	return s;
}

static int
add_unique(uint32_t *v, uint32_t *n, uint32_t x)
{
	for (uint32_t i = 0; i < *n; i++)
		if (v[i] == x)
			return 0;
	if (*n >= FRAME_AUTH_LIST_MAX)
		return -E2BIG;
	v[(*n)++] = x;
	return 0;
}

int
osd_auth_policy_parse(const char *methods, const char *modes, struct auth_policy *p,
		      char *err, size_t errsz)
{
	char w[32];
	const char *s;
	int has_cephx = 0;

	memset(p, 0, sizeof(*p));
	for (s = methods; s && (s = next_word(s, w, sizeof(w)));) {
		uint32_t m;

		if (strcmp(w, "cephx") == 0)
			m = AUTH_METHOD_CEPHX, has_cephx = 1;
		else if (strcmp(w, "none") == 0)
			m = AUTH_METHOD_NONE;
		else {
			snprintf(err, errsz, "unknown auth method '%s'", w);
			return -EINVAL;
		}
		if (add_unique(p->methods, &p->nmethods, m) < 0)
			break;
	}
	if (p->nmethods == 0) {
		snprintf(err, errsz, "no auth method in '%s'", methods ? methods : "");
		return -EINVAL;
	}
	for (s = modes; s && (s = next_word(s, w, sizeof(w)));) {
		uint32_t m;

		if (strcmp(w, "crc") == 0)
			m = CON_MODE_CRC;
		else if (strcmp(w, "secure") == 0)
			m = CON_MODE_SECURE;
		else {
			snprintf(err, errsz, "unknown connection mode '%s'", w);
			return -EINVAL;
		}
		/* secure frames are keyed by cephx's connection secret */
		if (m == CON_MODE_SECURE && !has_cephx)
			continue;
		if (add_unique(p->modes, &p->nmodes, m) < 0)
			break;
	}
	if (p->nmodes == 0) {
		if (!has_cephx) {
			p->modes[p->nmodes++] = CON_MODE_CRC;
			return 0;
		}
		snprintf(err, errsz, "no connection mode in '%s'", modes ? modes : "");
		return -EINVAL;
	}
	return 0;
}

static int
policy_has_cephx(const struct auth_policy *p)
{
	return auth_policy_has_method(p, AUTH_METHOD_CEPHX);
}

/* Drop cephx from p (no key); -ENOKEY if nothing would be left. */
static int
policy_drop_cephx(struct auth_policy *p)
{
	struct auth_policy q = *p;

	q.nmethods = 0;
	for (uint32_t i = 0; i < p->nmethods; i++)
		if (p->methods[i] != AUTH_METHOD_CEPHX)
			q.methods[q.nmethods++] = p->methods[i];
	if (q.nmethods == 0)
		return -ENOKEY;
	q.nmodes = 1;
	q.modes[0] = CON_MODE_CRC;
	*p = q;
	return 0;
}

int
osd_auth_find_key(const char *keyrings, const char *name, struct cephx_key *k)
{
	char path[1024];
	const char *s = keyrings;
	int r = -ENOENT;

	while (s && *s) {
		size_t n = strcspn(s, ",;");
		size_t b = 0;

		while (b < n && (s[b] == ' ' || s[b] == '\t'))
			b++;
		while (n > b && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n > b && n - b < sizeof(path)) {
			memcpy(path, s + b, n - b);
			path[n - b] = 0;
			r = cephx_keyring_find(path, name, k);
			if (r == 0)
				return 0;
			if (r != -ENOENT) {
				log_error(LOG_OSD, "keyring %s: bad key for %s", path, name);
				return r;
			}
		}
		s += strcspn(s, ",;");
		if (*s)
			s++;
	}
	return -ENOENT;
}

/* A policy from a method option and a mode option (auth_supported wins). */
static int
conf_policy(const struct cephconf *cc, const char *ent, const char *mkey, const char *modekey,
	    const char *moddef, struct auth_policy *p)
{
	char *methods = NULL, *modes = NULL, err[128];
	int r;

	if (cephconf_get(cc, ent, "auth_supported", &methods) < 0 || !methods[0]) {
		free(methods);
		methods = NULL;
		if (cephconf_get(cc, ent, mkey, &methods) < 0)
			methods = xstrdup("cephx");
	}
	if (cephconf_get(cc, ent, modekey, &modes) < 0)
		modes = xstrdup(moddef);
	r = osd_auth_policy_parse(methods, modes, p, err, sizeof(err));
	if (r < 0)
		log_error(LOG_OSD, "%s / %s: %s", mkey, modekey, err);
	free(methods);
	free(modes);
	return r;
}

int
osd_auth_load(const struct cephconf *cc, const char *ent, const char *osd_data,
	      const char *name, struct osd_auth *a)
{
	struct cephx_key key;
	struct auth_name an;
	char *kr = NULL, path[1024];
	int r;

	memset(a, 0, sizeof(*a));
	if ((r = conf_policy(cc, ent, "auth_client_required", "ms_mon_client_mode",
			     "secure crc", &a->client)) < 0 ||
	    (r = conf_policy(cc, ent, "auth_service_required", "ms_service_mode",
			     "crc secure", &a->service)) < 0 ||
	    (r = conf_policy(cc, ent, "auth_cluster_required", "ms_cluster_mode",
			     "crc secure", &a->cluster)) < 0)
		return r;
	a->cephx = policy_has_cephx(&a->client) || policy_has_cephx(&a->service) ||
		   policy_has_cephx(&a->cluster);
	if (!a->cephx || name == NULL)
		return 0;
	if ((r = auth_name_parse(name, &an)) < 0)
		return r;

	r = -ENOENT;
	if (osd_data) {
		snprintf(path, sizeof(path), "%s/keyring", osd_data);
		r = cephx_keyring_find(path, name, &key);
	}
	if (r == -ENOENT && cephconf_get(cc, ent, "keyring", &kr) == 0)
		r = osd_auth_find_key(kr, name, &key);
	free(kr);
	if (r < 0) {
		/* a list that also allows none may go on without a key */
		if (policy_drop_cephx(&a->client) == 0 && policy_drop_cephx(&a->service) == 0 &&
		    policy_drop_cephx(&a->cluster) == 0) {
			log_info(LOG_OSD, "no cephx key for %s; using auth none", name);
			a->cephx = 0;
			return 0;
		}
		log_error(LOG_OSD, "cephx is required but there is no key for %s in %s/keyring "
			  "or the keyring ceph.conf names", name, osd_data ? osd_data : "(none)");
		return -ENOKEY;
	}
	a->cx = cephx_ctx_new(&an, &key, ENTITY_TYPE_MON | ENTITY_TYPE_OSD | ENTITY_TYPE_MGR);
	cephx_key_wipe(&key);
	log_info(LOG_OSD, "cephx: authenticating as %s", name);
	return 0;
}

void
osd_auth_release(struct osd_auth *a)
{
	cephx_ctx_free(a->cx);
	a->cx = NULL;
}

void
osd_auth_attach(const struct osd_auth *a, struct msgr *pub, struct msgr *cluster,
		struct msgr *hb_front, struct msgr *hb_back, struct monc *mc)
{
	if (a == NULL)
		return;
	if (pub) {
		msgr_set_auth(pub, &a->client, a->cx);
		msgr_set_auth_server(pub, &a->service);
	}
	osd_auth_attach_peer(a, cluster);
	osd_auth_attach_peer(a, hb_front);
	osd_auth_attach_peer(a, hb_back);
	if (mc && a->cx)
		monc_set_cephx(mc, a->cx, 1);
}

void
osd_auth_attach_peer(const struct osd_auth *a, struct msgr *m)
{
	if (a && m)
		msgr_set_auth(m, &a->cluster, a->cx);
}

/* ---- mkfs ---- */

int
osd_auth_mkfs_identity(const struct cephconf *cc, const char *ent, struct msgr *mr,
		       struct cephx_ctx **cx)
{
	static const char *const names[] = { "client.bootstrap-osd", "client.admin" };
	struct auth_policy p;
	struct auth_name an;
	struct cephx_key key;
	char *kr = NULL;
	int r = -ENOENT;
	size_t i;

	*cx = NULL;
	if ((r = conf_policy(cc, ent, "auth_client_required", "ms_mon_client_mode",
			     "secure crc", &p)) < 0)
		return r;
	if (policy_has_cephx(&p) && cephconf_get(cc, ent, "keyring", &kr) == 0) {
		r = -ENOENT;
		for (i = 0; i < sizeof(names) / sizeof(names[0]) && r == -ENOENT; i++)
			r = osd_auth_find_key(kr, names[i], &key);
		free(kr);
		if (r == 0) {
			i--;
			auth_name_parse(names[i], &an);
			*cx = cephx_ctx_new(&an, &key, ENTITY_TYPE_MON);
			cephx_key_wipe(&key);
			msgr_set_auth_name(mr, an.type, an.id, 0);
			msgr_set_auth(mr, &p, *cx);
			log_info(LOG_OSD, "mkfs: authenticating as %s with cephx", names[i]);
			return 0;
		}
	}
	if (policy_has_cephx(&p) && policy_drop_cephx(&p) < 0) {
		log_error(LOG_OSD, "mkfs: cephx is required but the keyring holds no key for "
			  "client.bootstrap-osd or client.admin");
		return -ENOKEY;
	}
	msgr_set_auth_name(mr, ENTITY_TYPE_CLIENT, "bootstrap-osd", 0);
	msgr_set_auth(mr, &p, NULL);
	return 0;
}

int
osd_auth_mkfs_secret(const char *osd_data, struct cephx_key *k, char *json, size_t jsonsz)
{
	char b64[64], path[1024];
	int r;

	snprintf(path, sizeof(path), "%s/keyring", osd_data);
	r = cephx_keyring_find(path, "osd.pending", k);
	if (r < 0) {            /* none yet (or unreadable): a fresh one */
		if ((r = cephx_key_generate(k)) < 0)
			return r;
		if ((r = cephx_keyring_write(path, "osd.pending", k)) < 0) {
			log_error(LOG_OSD, "mkfs: cannot write %s: %s", path, strerror(-r));
			return r;
		}
	}
	if ((r = cephx_key_to_base64(k, b64, sizeof(b64))) < 0)
		return r;
	r = snprintf(json, jsonsz, "{\"cephx_secret\": \"%s\"}", b64);
	memset(b64, 0, sizeof(b64));
	return r > 0 && (size_t)r < jsonsz ? 0 : -ENOSPC;
}

int
osd_auth_mkfs_write(const char *osd_data, int32_t whoami, const struct cephx_key *k)
{
	char path[1024], name[32];
	int r;

	snprintf(path, sizeof(path), "%s/keyring", osd_data);
	snprintf(name, sizeof(name), "osd.%d", whoami);
	if ((r = cephx_keyring_write(path, name, k)) < 0)
		log_error(LOG_OSD, "mkfs: cannot write %s: %s", path, strerror(-r));
	return r;
}
